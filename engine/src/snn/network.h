/* snn_network: the hpc_benchmark network, built and simulated by virtual processes (VPs).
 *
 * Neuron gid belongs to VP gid % n_vp and has local index gid / n_vp there. A VP owns its
 * neurons' state, ring buffers and spike histories and every synapse that targets them,
 * stored by source (CSR): E->E rows, of {local target, weight} where the E->E synapse model
 * stores a weight and of local targets where it does not, and static rows of local targets
 * for every other synapse (its weight follows from the source's population). The E->E model
 * walks the E->E rows, the network the static ones. Delivery needs no locks, and a VP's rows are
 * walked in the same global (stamp, gid) spike order for any number of VPs: spikes and
 * weights are bitwise the same for any thread count. The neuron model and the E->E synapse
 * model sit behind neuron_model.h and synapse_model.h.
 */
#ifndef SNN_NETWORK_H
#define SNN_NETWORK_H

#include <stdint.h>

#include "snn/comm.h"
#include "snn/derived.h"
#include "snn/neuron_model.h"
#include "snn/params.h"
#include "snn/rng.h"
#include "snn/row_index.h"
#include "snn/spike_list.h"
#include "snn/synapse_model.h"

typedef struct snn_vp {
    int id;
    uint32_t n_local, n_local_E; /* local E neurons are local indices [0, n_local_E) */
    void *neurons;               /* the neuron model's state */
    uint8_t *spiked;

    snn_row_index ee_rows; /* E source -> its E->E synapses in this VP */
    uint64_t n_ee;
    /* Targets are local indices, of target_width bytes: 2 where the VP's neurons fit 16 bits
     * (any VP up to 65536 neurons, 1.1 M neurons on 16 VPs), else 4 (snn_target_at).
     * The E->E entries are two arrays: a weight snapshot streams the weights alone. */
    unsigned target_width;
    void *ee_target;           /* local index of the excitatory target */
    float *ee_weight;          /* pA, where the model stores a weight; else NULL */
    int weights_as_built;      /* every weight still J_E: nothing simulated since the build */
    snn_row_index static_rows; /* source -> local targets of its other synapses */
    uint64_t n_static;
    void *static_target;

    double *ring_ex, *ring_in; /* [2 delay][n_local] summed weights per arrival step; one
                                * allocation, ring_in after ring_ex */
    /* The Poisson drive's Philox blocks number poisson_block of every local neuron, drawn in
     * bulk: four planes of n_local words; one block serves two emission steps. */
    uint32_t *poisson_words;
    int64_t poisson_block; /* -1: none yet */
    void *ee_state;        /* the E->E synapse model's per-VP state */

    snn_spike_list spikes; /* this VP's spikes of the current window */
    uint64_t events;       /* synaptic events delivered (row entries walked for spikes) */
    int error;
} snn_vp;

typedef struct {
    double time_update, time_gather_spike_data, time_deliver_spike_data; /* seconds */
    double time_communicate_spike_data; /* the exchange between ranks, inside gather */
    double time_mpi_synchronization;    /* inside the exchange: waiting for the other ranks */
} snn_sim_timers;

typedef struct snn_network {
    snn_config cfg;
    snn_derived d;
    const snn_neuron_model *neuron;
    const snn_synapse_model *ee; /* E->E synapses */
    void *ee_rule;               /* the E->E model's shared state */
    snn_comm comm;               /* this rank among the ranks */
    int n_vp;                    /* virtual processes of the whole run: ranks x threads */
    int n_local_vp;              /* this rank's: one per thread, VP ids rank + ranks * t */
    snn_vp *vps;                 /* this rank's VPs, by thread */
    snn_poisson_table poisson;
    int64_t step;     /* steps simulated so far */
    int wide_targets; /* 4-byte target indices even where 2 would do (set by tests before
                         snn_network_connect: both widths must give the same network) */
    int scalar_rows;  /* the scalar E->E row loop even where the CPU has AVX-512 (set by tests:
                         both must give the same bits) */
    uint32_t block_targets; /* targets per block of the E->E delivery, 0 for the default
                               (stdp_pl_synapse.c; set by tests: any must give the same bits) */

    snn_spike_list window; /* merged spikes of the current window, (stamp, gid) order */
    snn_spike_list rank_spikes, all_spikes; /* this rank's, and every rank's, before merging */
    size_t *rank_counts;                    /* spikes per rank in all_spikes */
    snn_spike_list recorded;                /* spikes of the first nrec E neurons since t = 0 */
    snn_spike_list recorded_I;              /* spikes of the first nrec_I I neurons since t = 0 */
    uint64_t spikes_E, spikes_I;
    snn_sim_timers timers;
} snn_network;

/* Entry k of a VP's target array of `width` bytes per entry. Loops over rows call it with a
 * constant width (one loop per width), so that it costs a plain load. */
static inline __attribute__((always_inline)) uint32_t snn_target_at(const void *targets,
                                                                    unsigned width, uint64_t k) {
    return width == 2 ? ((const uint16_t *)targets)[k] : ((const uint32_t *)targets)[k];
}

static inline __attribute__((always_inline)) void
snn_add_to_targets_at(const void *targets, unsigned width, snn_row row, double *ring, double w) {
    for (uint64_t k = row.begin; k < row.end; k++)
        ring[snn_target_at(targets, width, k)] += w;
}

/* ring[target] += w for every entry of a static row, one loop per width of the targets. */
static inline void snn_add_to_targets(const void *targets, unsigned width, snn_row row,
                                      double *ring, double w) {
    if (width == 2)
        snn_add_to_targets_at(targets, 2, row, ring, w);
    else
        snn_add_to_targets_at(targets, 4, row, ring, w);
}

/* Bytes per target index for a VP of n_local neurons; wide forces 4 (a test's switch). */
static inline unsigned snn_target_width(uint64_t n_local, int wide) {
    return n_local <= 65536 && !wide ? 2 : 4;
}

/* The gid of local neuron `local` of a VP: gid % n_vp is the VP, gid / n_vp the index. */
static inline uint32_t snn_vp_gid(const snn_network *net, const snn_vp *vp, uint32_t local) {
    return local * (uint32_t)net->n_vp + (uint32_t)vp->id;
}

/* Ring buffers and per-step tables hold two delays of steps: step n lives in row n mod 2D. */
static inline size_t snn_ring_row(const snn_network *net, int64_t step) {
    const int64_t rows = 2 * (int64_t)net->d.delay_steps;
    return (size_t)(((step % rows) + rows) % rows);
}

/* The ring row where a spike with this stamp arrives: emitted in step stamp - 1, it
 * arrives in step stamp - 1 + delay. */
static inline size_t snn_arrival_row(const snn_network *net, int32_t stamp) {
    return snn_ring_row(net, (int64_t)stamp - 1 + net->d.delay_steps);
}

/* How many of n gids (0 .. n-1) fall on VP vp of n_vp: those with gid % n_vp == vp. */
static inline uint32_t snn_count_local(uint64_t n, int vp, int n_vp) {
    return n > (uint64_t)vp ? (uint32_t)((n - (uint64_t)vp + (uint64_t)n_vp - 1) / (uint64_t)n_vp)
                            : 0;
}

/* Create this rank's neurons with their initial state (the "nodes" phase);
 * snn_network_create is the one-rank case. */
int snn_network_create_on(snn_network *net, const snn_config *cfg, const snn_comm *comm, char *err,
                          size_t errlen);
int snn_network_create(snn_network *net, const snn_config *cfg, char *err, size_t errlen);
/* The local VP that holds a gid, or NULL when another rank does. */
static inline snn_vp *snn_network_vp_of(const snn_network *net, uint32_t gid) {
    const int vp = (int)(gid % (uint32_t)net->n_vp);
    return vp % net->comm.size == net->comm.rank ? &net->vps[vp / net->comm.size] : NULL;
}
/* Draw the connectivity (the "edges" phase), in parallel, without an edge list. */
int snn_network_connect(snn_network *net, char *err, size_t errlen);
/* Advance by n_steps steps (windows of at most one delay). */
int snn_network_simulate(snn_network *net, int64_t n_steps, char *err, size_t errlen);
void snn_network_free(snn_network *net);

uint64_t snn_network_events(const snn_network *net);
/* This rank's synapses, and the bytes their row entries take. */
uint64_t snn_network_local_synapses(const snn_network *net);
uint64_t snn_network_local_neurons(const snn_network *net); /* this rank's neurons */
uint64_t snn_network_synapse_bytes(const snn_network *net);
/* The source of the k-th E draw of target (gid), and how many earlier draws of that target
 * chose the same source (multapses). scratch: snn_network_scratch_words(net) words. */
uint32_t snn_network_nth_source_E(const snn_network *net, uint32_t target, int64_t k,
                                  uint32_t *earlier_same, uint32_t *scratch);
size_t snn_network_scratch_words(const snn_network *net);
/* Recorded spikes with stamps in (from, to] (steps). */
uint64_t snn_network_recorded_between(const snn_network *net, int64_t from, int64_t to);
/* Visit every synapse, in (VP, source, target) order, with its weight in pA (plastic:
 * the current weight; static: J_E or J_I). */
typedef void (*snn_synapse_visitor)(void *ctx, uint32_t source_gid, uint32_t target_gid, float w,
                                    int plastic);
void snn_network_each_synapse(const snn_network *net, snn_synapse_visitor visit, void *ctx);

#endif
