/* snn_weights: what the E->E weights look like at a moment of the simulation.
 *
 * A snapshot is a histogram on fixed bins [0, hi) plus moments, taken over every plastic
 * synapse. Each VP counts its own synapses and the counts are added: the histogram is the
 * exact merge. The moments are summed in fixed point (each weight rounded down to 2^-40 pA,
 * its square to 2^-20 pA^2, then added as integers), so they too are the same for any number
 * of threads, to the last bit.
 *
 * Where the E->E synapse model stores no weight, every E->E synapse has weight J_E.
 *
 * The sample is a reproducible random choice of synapses, uniform over all E->E synapses:
 * sample i is "the k-th E source draw of target t" with (t, k) drawn from (seed, i), which
 * names the same synapse for any number of threads.
 */
#ifndef SNN_WEIGHTS_H
#define SNN_WEIGHTS_H

#include <stdint.h>

#include "snn/network.h"
#include "snn/result_writer.h" /* snn_weight_snapshot */

/* The weight of every E->E synapse where the model stores none, as a stored one would be. */
static inline float snn_static_weight_E(const snn_network *net) {
    return (float)net->d.J_E_pA;
}

/* Collective over ranks: every rank calls it and gets the whole network's histogram. */
int snn_weight_snapshot_take(const snn_network *net, uint32_t n_bins, double hi, double time_ms,
                             snn_weight_snapshot *out);
void snn_weight_snapshot_free(snn_weight_snapshot *s);

/* n weights (pA), sample i in out[i], on every rank (collective). SNN_OK, or SNN_ERR_NOMEM
 * on every rank when one could not get its scratch (a VP's draws of one target). */
int snn_weight_sample(const snn_network *net, uint64_t n, float *out);

#endif
