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

size_t snn_iaf_update_step(const snn_iaf_propagators *p, snn_iaf_state *s, size_t begin, size_t end,
                           const double *in_ex, const double *in_in, const double *current,
                           uint8_t *spiked) {
    const snn_iaf_channel ex = p->ex, in = p->in;
    double *restrict y3 = s->y3, *restrict y0 = s->y0;
    double *restrict I_ex = s->I_ex, *restrict dI_ex = s->dI_ex;
    double *restrict I_in = s->I_in, *restrict dI_in = s->dI_in;
    int32_t *restrict r = s->r;
    size_t n_spikes = 0;
    for (size_t i = begin; i < end; i++) {
        /* 1. membrane, from the state at the start of the step */
        if (r[i] == 0)
            y3[i] = p->P30 * (y0[i] + p->I_e) + ex.P31 * dI_ex[i] + ex.P32 * I_ex[i] +
                    in.P31 * dI_in[i] + in.P32 * I_in[i] + p->expm1_tau_m * y3[i] + y3[i];
        else
            r[i] -= 1;
        /* 2. alpha currents, then the input that arrives in this step */
        I_ex[i] = ex.P21 * dI_ex[i] + ex.P22 * I_ex[i];
        dI_ex[i] *= ex.P11;
        dI_ex[i] += ex.psc_initial * in_ex[i];
        I_in[i] = in.P21 * dI_in[i] + in.P22 * I_in[i];
        dI_in[i] *= in.P11;
        dI_in[i] += in.psc_initial * in_in[i];
        /* 3. threshold */
        const uint8_t fire = y3[i] >= p->V_th;
        if (fire) {
            r[i] = p->refractory_steps;
            y3[i] = p->V_reset;
        }
        spiked[i] = fire;
        n_spikes += fire;
        /* 4. current input of this step, felt from the next step on */
        y0[i] = current ? current[i] : 0.0;
    }
    return n_spikes;
}
