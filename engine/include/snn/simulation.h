/* snn_simulation: the engine's API. One simulation point from parameters to result file
 * (build, presimulate and simulate with weight snapshots and progress, sample the weights,
 * log the seed's figures, write the result through the result-format module), and the
 * memory a point needs, known before anything is allocated. */
#ifndef SNN_SIMULATION_H
#define SNN_SIMULATION_H

#include <stdint.h>
#include <stdio.h>

#include "snn/comm.h"
#include "snn/output_file.h"
#include "snn/params.h"

typedef struct {
    const snn_comm *comm;    /* this rank among the ranks; NULL: one rank */
    FILE *log;               /* the log file, besides stdout; may be NULL */
    FILE *progress;          /* NULL: quiet */
    snn_output_file *result; /* claimed by the caller (rank 0); NULL: no result file */
    const char *command_line;
} snn_simulation_options;

/* SNN_OK, or an error code after a message on stderr. */
int snn_simulation_run(const snn_config *cfg, const snn_simulation_options *opt);

/* Bytes one rank of the point will hold at its peak: the sum of what each part of the engine
 * (neuron model, synapse model, network) says it needs for these parameters. */
uint64_t snn_simulation_memory_bytes(const snn_config *cfg);

/* Dry run (Kunkel et al. 2012): build, in this one process, exactly rank `rank`'s share of
 * the point's simulation.ranks x simulation.threads decomposition (its neurons and the
 * synapses onto them; nothing simulated, nothing communicated), and print what it measured
 * (peak memory, synapses, build times) beside the estimate, as logger lines on stdout and
 * to `log` (may be NULL). SNN_OK, or an error after a message on stderr. */
int snn_simulation_dry_run(const snn_config *cfg, int rank, FILE *log);

/* Whether `ranks_here` ranks of the point (those that share this machine) fit the memory
 * available now: 1 if they do or the machine does not say (then *available is 0), else 0.
 * *need and *available in bytes. */
int snn_simulation_fits_memory(const snn_config *cfg, int ranks_here, uint64_t *need,
                               uint64_t *available);

/* The ranks that were started against simulation.ranks: a default takes the started number,
 * a value set otherwise must match it. SNN_OK, or SNN_ERR_PARAM with the message in err. */
int snn_simulation_take_ranks(snn_config *cfg, const snn_comm *comm, char *err, size_t errlen);

#endif
