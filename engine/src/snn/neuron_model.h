/* snn_neuron_model: what the network needs of a neuron model, and nothing more.
 *
 * The network owns the neurons' inputs (ring buffers), their spikes and their place in the
 * VPs; a model owns its state and its update. The network calls update for blocks of a VP's
 * neurons, so the dispatch costs one indirect call per block of hundreds, never one per
 * neuron. A new model is a file that fills this table, a name in network.neuron_model's
 * choices (params.c) and its entry in models.c. */
#ifndef SNN_NEURON_MODEL_H
#define SNN_NEURON_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "snn/params.h"

/* A quantity a model derives from the parameters: printed by --print-config and checked
 * (finite and inside [lo, hi]) before anything is built; `from` names the parameters. */
typedef struct {
    const char *name, *unit;
    double value, lo, hi;
    const char *from;
} snn_model_constant;

#define SNN_MAX_MODEL_CONSTANTS 32

typedef struct {
    const char *name; /* NEST's name */
    /* Bytes of state per neuron (the memory estimate). */
    uint64_t bytes_per_neuron;
    /* The model's constants for these parameters; returns how many. */
    size_t (*constants)(const snn_params *p, snn_model_constant *out, size_t max);
    /* n neurons at rest; NULL when out of memory. */
    void *(*create)(const snn_params *p, size_t n);
    void (*destroy)(void *neurons);
    /* The membrane potential of neuron i, in mV: set (initial) and read. */
    void (*set_potential)(void *neurons, size_t i, double V_m);
    double (*potential)(const void *neurons, size_t i);
    /* One step for neurons [begin, end) (the network calls it for consecutive blocks, so
     * that a block's inputs and state stay in cache between the stages of a step): in_ex[i]
     * / in_in[i] are the summed weights (pA) arriving at neuron i in this step; spiked[i] is
     * set to 1 or 0. Returns the number of spikes. */
    size_t (*update)(void *neurons, size_t begin, size_t end, const double *in_ex,
                     const double *in_in, uint8_t *spiked);
} snn_neuron_model;

extern const snn_neuron_model snn_iaf_psc_alpha_model;

#endif
