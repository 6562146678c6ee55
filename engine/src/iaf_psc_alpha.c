/* iaf_psc_alpha, exact integration (Rotter & Diesmann 1999), NEST's update order. */
#include "snn/iaf_psc_alpha.h"

#include <math.h>
#include <stdlib.h>

#include "snn/error.h"

void snn_iaf_channel_init(snn_iaf_channel *c, double h, double tau_m, double C_m, double tau_syn) {
    c->h = h;
    c->tau_m = tau_m;
    c->C_m = C_m;
    c->tau_syn = tau_syn;
    c->P11 = exp(-h / tau_syn);
    c->P22 = c->P11;
    c->P21 = h * c->P11;
    c->psc_initial = M_E / tau_syn;
    if (tau_m == tau_syn) {
        /* beta = tau_s tau_m / (tau_m - tau_s) is infinite: take the limit. */
        c->P32 = h / C_m * exp(-h / tau_m);
        c->P31 = 0.5 * h * h / C_m * exp(-h / tau_m);
    } else {
        const double beta = tau_syn * tau_m / (tau_m - tau_syn);
        const double gamma = beta / C_m;
        c->P32 = gamma * exp(-h / tau_syn) * expm1(h / beta);
        c->P31 = gamma * exp(-h / tau_syn) * (beta * expm1(h / beta) - h);
    }
}

void snn_iaf_propagators_init(snn_iaf_propagators *p, double h, double tau_m, double C_m,
                              double tau_syn_ex, double tau_syn_in, double t_ref, double V_th,
                              double V_reset, double I_e) {
    snn_iaf_channel_init(&p->ex, h, tau_m, C_m, tau_syn_ex);
    snn_iaf_channel_init(&p->in, h, tau_m, C_m, tau_syn_in);
    p->expm1_tau_m = expm1(-h / tau_m);
    p->P30 = -tau_m / C_m * expm1(-h / tau_m);
    p->I_e = I_e;
    p->V_th = V_th;
    p->V_reset = V_reset;
    p->refractory_steps = (int32_t)lround(t_ref / h);
}

void snn_iaf_propagators_from_params(const snn_params *p, snn_iaf_propagators *out) {
    const double h = p->simulation.dt;
    snn_iaf_propagators_init(out, h, p->neuron.tau_m, p->neuron.C_m, p->neuron.tau_syn_ex,
                             p->neuron.tau_syn_in, p->neuron.t_ref, p->neuron.V_th - p->neuron.E_L,
                             p->neuron.V_reset - p->neuron.E_L, p->neuron.I_e);
}

int snn_iaf_state_alloc(snn_iaf_state *s, size_t n) {
    s->n = n;
    double **arrays[] = {&s->y3, &s->I_ex, &s->dI_ex, &s->I_in, &s->dI_in, &s->y0};
    int ok = 1;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        *arrays[i] = calloc(n ? n : 1, sizeof(double));
        ok &= *arrays[i] != NULL;
    }
    s->r = calloc(n ? n : 1, sizeof(int32_t));
    if (!ok || !s->r) {
        snn_iaf_state_free(s);
        return SNN_ERR_NOMEM;
    }
    return SNN_OK;
}

void snn_iaf_state_free(snn_iaf_state *s) {
    free(s->y3), free(s->I_ex), free(s->dI_ex), free(s->I_in), free(s->dI_in), free(s->y0);
    free(s->r);
    *s = (snn_iaf_state){0};
}

/* One step of neurons [0, n) of the arrays, 8 at a time where the CPU has AVX-512 (see
 * snn_iaf_update_step). Selects instead of branches, restrict arrays: what the vectorizer
 * needs; each neuron's arithmetic is the same expressions in the same order as one at a
 * time. */
static inline __attribute__((always_inline)) size_t
update_neurons(const snn_iaf_propagators *p, size_t n, double *restrict y3,
               const double *restrict y0, double *restrict I_ex, double *restrict dI_ex,
               double *restrict I_in, double *restrict dI_in, int32_t *restrict r,
               const double *restrict in_ex, const double *restrict in_in,
               uint8_t *restrict spiked) {
    const snn_iaf_channel ex = p->ex, in = p->in;
    const double P30 = p->P30, I_e = p->I_e, expm1_tau_m = p->expm1_tau_m;
    const double V_th = p->V_th, V_reset = p->V_reset;
    const int32_t refractory_steps = p->refractory_steps;
    size_t n_spikes = 0;
    for (size_t i = 0; i < n; i++) {
        /* 1. membrane, from the state at the start of the step (computed for every neuron,
         * kept where it is not refractory) */
        const double v = P30 * (y0[i] + I_e) + ex.P31 * dI_ex[i] + ex.P32 * I_ex[i] +
                         in.P31 * dI_in[i] + in.P32 * I_in[i] + expm1_tau_m * y3[i] + y3[i];
        const int refractory = r[i] != 0;
        double y = refractory ? y3[i] : v;
        int32_t steps_left = refractory ? r[i] - 1 : 0;
        /* 2. alpha currents, then the input that arrives in this step */
        I_ex[i] = ex.P21 * dI_ex[i] + ex.P22 * I_ex[i];
        dI_ex[i] = dI_ex[i] * ex.P11 + ex.psc_initial * in_ex[i];
        I_in[i] = in.P21 * dI_in[i] + in.P22 * I_in[i];
        dI_in[i] = dI_in[i] * in.P11 + in.psc_initial * in_in[i];
        /* 3. threshold */
        const int fire = y >= V_th;
        r[i] = fire ? refractory_steps : steps_left;
        y3[i] = fire ? V_reset : y;
        spiked[i] = (uint8_t)fire;
        n_spikes += (size_t)fire;
    }
    return n_spikes;
}

/* Built twice, for x86-64-v4 (AVX-512: vectorized) and for any x86-64, the CPU picks at load
 * time; the same bits either way (ISO C mode, -std=c17, contracts nothing into an FMA). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
size_t
snn_iaf_update_step(const snn_iaf_propagators *p, snn_iaf_state *s, size_t begin, size_t end,
                    const double *in_ex, const double *in_in, const double *current,
                    uint8_t *spiked) {
    const size_t n_spikes =
        update_neurons(p, end - begin, s->y3 + begin, s->y0 + begin, s->I_ex + begin,
                       s->dI_ex + begin, s->I_in + begin, s->dI_in + begin, s->r + begin,
                       in_ex + begin, in_in + begin, spiked + begin);
    /* 4. current input of this step, felt from the next step on */
    for (size_t i = begin; i < end; i++)
        s->y0[i] = current ? current[i] : 0.0;
    return n_spikes;
}
