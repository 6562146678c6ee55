/* static_synapse on E->E: the benchmark without plasticity. Its synapses need nothing but
 * the static rows the network already has (the weight is J_E), so every hook stays empty:
 * 4 bytes per E->E synapse instead of 8, and no traces. */
#include "snn/synapse_model.h"

static uint64_t no_bytes(const snn_derived *d, int n_vp) {
    (void)d, (void)n_vp;
    return 0;
}

const snn_synapse_model snn_static_synapse_model = {
    .name = "static_synapse",
    .stores_weight = 0,
    .bytes = no_bytes,
};
