/* snn_derived: the quantities that follow from the parameters (model.md section 1):
 * population sizes, indegrees, weights in pA, the Poisson drive, step counts and the
 * number of synapses (the neuron model derives its own constants, see neuron_model.h). One
 * place computes them; everything else reads them. */
#ifndef SNN_DERIVED_H
#define SNN_DERIVED_H

#include <stdint.h>
#include <stdio.h>

#include "snn/params.h"

typedef struct {
    int64_t N_E, N_I, N, CE, CI, nrec, nrec_I; /* nrec: recorded E neurons, nrec_I: I */
    double weight_max;                         /* pA, upper edge of the weight histograms */
    double pA_per_mV;                          /* 1 / peak PSP of a 1 pA alpha current */
    double J_E_pA, J_I_pA;                     /* weights of E and I synapses */
    double nu_th, nu_ext;                      /* per ms, per input (the seed's definition) */
    double poisson_rate_hz;                    /* Poisson drive of one neuron */
    double poisson_mean;                       /* its mean count per step */
    int32_t delay_steps;                       /* also the communication window */
    int64_t presim_steps, sim_steps;
    uint64_t synapses_plastic, synapses_static, synapses; /* plastic: with a stored weight */
} snn_derived;

void snn_derive(const snn_config *cfg, snn_derived *d);

/* Refuses parameters, each in its allowed range, whose derived quantities are not finite or
 * not sane (a weight that is NaN, a Poisson drive of infinite rate); err names the
 * parameters responsible. Called before anything is built. */
int snn_derived_check(const snn_config *cfg, const snn_derived *d, char *err, size_t errlen);

/* Prints every parameter (value, unit, origin, meaning), the derived quantities, the neuron
 * model's constants and the memory estimate. */
void snn_print_config(FILE *out, const snn_config *cfg, const snn_derived *d);

#endif
