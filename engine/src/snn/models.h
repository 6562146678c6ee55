/* snn_models: which neuron and synapse model a parameter set asks for. */
#ifndef SNN_MODELS_H
#define SNN_MODELS_H

#include "snn/neuron_model.h"
#include "snn/params.h"
#include "snn/synapse_model.h"

const snn_neuron_model *snn_models_neuron(const snn_params *p);
const snn_synapse_model *snn_models_ee_synapse(const snn_params *p);

#endif
