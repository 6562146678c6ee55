/* snn_synapse_model: what the network needs of the E->E synapse model (network.ee_synapse).
 *
 * The network owns connectivity: per VP, rows by source. Every synapse other than E->E is
 * static (its weight follows from the source's population), lives in the static rows and is
 * delivered by the network. E->E synapses live in E->E rows, of targets and, when the model
 * stores a weight, weights beside them, and the model delivers them. Everything
 * plasticity needs beyond the weight (traces, spike histories) belongs to the model, behind
 * these hooks; a hook left NULL costs nothing.
 * The network calls them per step or per window, never per synapse, so the loops inside
 * stay as tight as the rule allows. A new model is a file that fills this table, a name in
 * network.ee_synapse's choices (params.c) and its entry in models.c. */
#ifndef SNN_SYNAPSE_MODEL_H
#define SNN_SYNAPSE_MODEL_H

#include <stdint.h>

#include "snn/derived.h"

struct snn_network;
struct snn_vp;

typedef struct {
    const char *name; /* NEST's name */
    /* E->E rows hold targets (ee_target) and, if set, weights (ee_weight, a float each). */
    int stores_weight;
    /* Bytes of one rank's share of the model's own state (traces, histories, rule tables),
     * with `threads` VPs on each of `ranks` ranks; the rows are counted by the network. */
    uint64_t (*bytes)(const snn_derived *d, int threads, int ranks);
    /* The rule's shared state (net->ee_rule), with the neurons, and each VP's (vp->ee_state),
     * by the VP's thread once its synapses are built (network_build.c); SNN_OK or
     * SNN_ERR_NOMEM. destroy and vp_destroy accept what a failed create left, or none. */
    int (*create)(struct snn_network *net);
    void (*destroy)(struct snn_network *net);
    int (*vp_create)(const struct snn_network *net, struct snn_vp *vp);
    void (*vp_destroy)(const struct snn_network *net, struct snn_vp *vp);
    /* After the neuron step ending at `stamp` of the VP's E neurons [begin, end) (local
     * indices; the network calls it block by block, each block once per step), with their
     * spikes in vp->spiked: the postsynaptic side of the rule. SNN_OK or SNN_ERR_NOMEM. */
    int (*post_step)(const struct snn_network *net, struct snn_vp *vp, int32_t stamp,
                     uint32_t begin, uint32_t end);
    /* Once per window, by one thread, after the spikes are merged (net->window) and before
     * any VP delivers them: state that is the same in every VP. SNN_OK or SNN_ERR_NOMEM. */
    int (*window_spikes)(struct snn_network *net);
    /* The window's merged spikes (net->window) through the VP's E->E rows, in order: the
     * weights that arrive go into the ring buffers. Required. */
    void (*deliver)(const struct snn_network *net, struct snn_vp *vp);
    /* After a VP's delivery of the window ending at window_end (stamps). */
    void (*vp_window_end)(const struct snn_network *net, struct snn_vp *vp, int32_t window_end);
    /* Once per window, by one thread, after every VP has finished it. */
    void (*window_end)(struct snn_network *net, int64_t window_end);
    /* Which build of its row loop this rank's VPs run ("avx512-gathers", "scalar", ...), for
     * the result's provenance: the loops give the same bits, not the same speed. NULL: the
     * model has one loop, a scalar one. */
    const char *(*row_loop)(const struct snn_network *net);
} snn_synapse_model;

extern const snn_synapse_model snn_stdp_pl_synapse_model;
extern const snn_synapse_model snn_static_synapse_model;

#endif
