/* snn_iaf: the iaf_psc_alpha neuron with exact integration (model.md section 2), over
 * arrays of neurons (structure of arrays) so that a whole block updates in one loop.
 *
 * snn_iaf_propagators_init computes the propagators from the parameters;
 * snn_iaf_update_step advances neurons [begin, end) by one step of h, given the weights that
 * arrive in this step on each channel, and reports which neurons crossed threshold.
 */
#ifndef SNN_IAF_PSC_ALPHA_H
#define SNN_IAF_PSC_ALPHA_H

#include <stddef.h>
#include <stdint.h>

#include "snn/params.h"

typedef struct {
    double h, tau_m, C_m, tau_syn; /* the inputs the propagators came from */
    double P11, P21, P22;          /* alpha current:  I' = P21 dI + P22 I, dI' = P11 dI */
    double P31, P32;               /* current -> membrane */
    double psc_initial;            /* dI jump per unit weight: e / tau_syn */
} snn_iaf_channel;

typedef struct {
    snn_iaf_channel ex, in;
    double P30;           /* constant current -> membrane */
    double expm1_tau_m;   /* expm1(-h / tau_m); P33 = 1 + expm1_tau_m */
    double I_e;           /* pA */
    double V_th, V_reset; /* relative to E_L, mV */
    int32_t refractory_steps;
} snn_iaf_propagators;

/* Neuron state, one array per variable; y3 = V_m - E_L. */
typedef struct {
    double *y3, *I_ex, *dI_ex, *I_in, *dI_in, *y0;
    int32_t *r; /* refractory steps left */
    size_t n;
} snn_iaf_state;

/* Bytes of state per neuron: the six doubles and the refractory counter above. */
#define SNN_IAF_STATE_BYTES (6 * sizeof(double) + sizeof(int32_t))

void snn_iaf_channel_init(snn_iaf_channel *c, double h, double tau_m, double C_m, double tau_syn);
void snn_iaf_propagators_init(snn_iaf_propagators *p, double h, double tau_m, double C_m,
                              double tau_syn_ex, double tau_syn_in, double t_ref, double V_th,
                              double V_reset, double I_e);

/* The propagators for the neuron.* parameters and simulation.dt (potentials relative to E_L). */
void snn_iaf_propagators_from_params(const snn_params *p, snn_iaf_propagators *out);

int snn_iaf_state_alloc(snn_iaf_state *s, size_t n); /* zeroed; SNN_OK or SNN_ERR_NOMEM */
void snn_iaf_state_free(snn_iaf_state *s);

/* One step of h for neurons [begin, end). in_ex / in_in: summed weights (pA) arriving in
 * this step, indexed like the state (already routed by sign); current: the piecewise
 * constant input current of this step (NULL for none). spiked[i] is set to 1 or 0.
 * Returns the number of neurons that spiked. */
size_t snn_iaf_update_step(const snn_iaf_propagators *p, snn_iaf_state *s, size_t begin, size_t end,
                           const double *in_ex, const double *in_in, const double *current,
                           uint8_t *spiked);

#endif
