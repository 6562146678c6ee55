/* snn_stdp_pl_synapse: stdp_pl_synapse_hom on the E->E synapses, behind the synapse-model
 * seam (the table is snn_stdp_pl_synapse_model in synapse_model.h). What the tests may ask
 * of its state besides: */
#ifndef SNN_STDP_PL_SYNAPSE_H
#define SNN_STDP_PL_SYNAPSE_H

#include <stdint.h>

#include "snn/network.h"

/* The history horizon in steps, and the most entries any neuron's spike history holds. */
int32_t snn_stdp_pl_synapse_horizon_steps(const snn_network *net);
uint32_t snn_stdp_pl_synapse_longest_history(const snn_network *net);

#endif
