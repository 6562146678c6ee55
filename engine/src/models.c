/* snn_models: the table from parameter values to model implementations. */
#include "snn/models.h"

const snn_neuron_model *snn_models_neuron(const snn_params *p) {
    (void)p; /* one neuron model so far: the seed's */
    return &snn_iaf_psc_alpha_model;
}

const snn_synapse_model *snn_models_ee_synapse(const snn_params *p) {
    static const snn_synapse_model *const by_choice[SNN_EE_MODELS] = {
        [SNN_EE_STDP_PL] = &snn_stdp_pl_synapse_model,
        [SNN_EE_STATIC] = &snn_static_synapse_model,
    };
    const int64_t i = p->network.ee_synapse;
    return i >= 0 && i < SNN_EE_MODELS ? by_choice[i] : &snn_stdp_pl_synapse_model;
}
