/* snn_static_synapse: static_synapse on E->E, the benchmark without plasticity. Its rows
 * hold targets only (4 bytes a synapse instead of 8) and no traces or histories exist. Each
 * synapse transmits the weight a plastic one starts with (J_E as stored, in float), so the
 * network is exactly the plastic one with its learning rate at 0: the same spikes and
 * membrane potentials, bit for bit, which the tests check. */
#include "snn/network.h"
#include "snn/synapse_model.h"
#include "snn/weights.h" /* snn_static_weight_E */

static uint64_t no_state(const snn_derived *d, int threads, int ranks) {
    (void)d, (void)threads, (void)ranks;
    return 0;
}

static void deliver(const snn_network *net, snn_vp *vp) {
    const double w = snn_static_weight_E(net); /* as a plastic synapse stores it */
    for (size_t i = 0; i < net->window.count; i++) {
        const snn_spike s = net->window.items[i];
        if ((int64_t)s.gid >= net->d.N_E) continue;
        double *ring_ex = vp->ring_ex + snn_arrival_row(net, s.stamp) * vp->n_local;
        const snn_row row = snn_row_index_row(&vp->ee_rows, s.gid);
        snn_add_to_targets(vp->ee_target, vp->target_width, row, ring_ex, w);
        vp->events += row.end - row.begin;
    }
}

const snn_synapse_model snn_static_synapse_model = {
    .name = "static_synapse",
    .stores_weight = 0,
    .bytes = no_state,
    .deliver = deliver,
};
