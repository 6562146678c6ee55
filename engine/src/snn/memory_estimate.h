/* snn_memory_estimate: what one rank of a point holds, part by part, known from the
 * parameters before anything is allocated. It follows the build exactly where the sizes are
 * certain (each of the rank's VPs' neurons and synapses, the row index at the width its
 * mean row length calls for) and uses measured constants where they are not (the process
 * itself, the MPI library). The peak is the larger of the build's counting phase and the
 * finished network, plus what the simulation adds. */
#ifndef SNN_MEMORY_ESTIMATE_H
#define SNN_MEMORY_ESTIMATE_H

#include <stdint.h>

#include "snn/derived.h"
#include "snn/params.h"

typedef struct {
    uint64_t synapses;      /* the rank's stored synapses (row entries) */
    uint64_t row_index;     /* every VP's index over all sources */
    uint64_t neurons;       /* state, spike flags, ring buffers of the rank's neurons */
    uint64_t synapse_model; /* the E->E model's own state (traces, histories) */
    uint64_t counting;      /* the build's 32-bit counts per source and VP, freed before
                               any synapse is stored */
    uint64_t simulation;    /* recorded spikes, weight sample and snapshots */
    uint64_t process;       /* the program and its libraries */
    uint64_t mpi_library;   /* what MPI_Init adds, where ranks > 1 */
    uint64_t peak;          /* all of it at the highest point */
} snn_memory_estimate;

/* Rank `rank` of `ranks`, each with `threads` VPs. Rank 0 holds the most (VPs of lower ids
 * get the odd neurons). */
void snn_memory_estimate_rank(const snn_config *cfg, const snn_derived *d, int threads, int ranks,
                              int rank, snn_memory_estimate *out);

/* The peak of rank 0: what every rank must be able to hold. */
uint64_t snn_network_memory_estimate(const snn_config *cfg, const snn_derived *d, int threads,
                                     int ranks);

#endif
