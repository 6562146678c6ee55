/* iaf_psc_alpha behind the neuron-model seam: its propagators and its state in one object. */
#include <stdlib.h>

#include "snn/iaf_psc_alpha.h"
#include "snn/neuron_model.h"

typedef struct {
    snn_iaf_propagators p;
    snn_iaf_state s;
    double E_L;
} iaf_population;

static size_t constants(const snn_params *p, snn_model_constant *out, size_t max) {
    snn_iaf_propagators q;
    snn_iaf_propagators_from_params(p, &q);
    const char *ex = "neuron.tau_m, neuron.tau_syn_ex, neuron.C_m";
    const char *in = "neuron.tau_m, neuron.tau_syn_in, neuron.C_m";
    const double big = 1e300;
    const snn_model_constant all[] = {
        {"refractory_steps", "", (double)q.refractory_steps, 0, 2e9, "neuron.t_ref"},
        {"P11_ex", "", q.ex.P11, -big, big, ex},
        {"P21_ex", "ms", q.ex.P21, -big, big, ex},
        {"P31_ex", "mV/pA", q.ex.P31, -big, big, ex},
        {"P32_ex", "mV/pA", q.ex.P32, -big, big, ex},
        {"P11_in", "", q.in.P11, -big, big, in},
        {"P21_in", "ms", q.in.P21, -big, big, in},
        {"P31_in", "mV/pA", q.in.P31, -big, big, in},
        {"P32_in", "mV/pA", q.in.P32, -big, big, in},
        {"P30", "mV/pA", q.P30, -big, big, "neuron.tau_m, neuron.C_m"},
        {"P33", "", 1.0 + q.expm1_tau_m, -big, big, "neuron.tau_m"},
        {"expm1_tau_m", "", q.expm1_tau_m, -big, big, "neuron.tau_m"},
        {"psc_initial_ex", "1/ms", q.ex.psc_initial, -big, big, "neuron.tau_syn_ex"},
    };
    size_t n = 0;
    for (; n < sizeof all / sizeof all[0] && n < max; n++)
        out[n] = all[n];
    return n;
}

static void *create(const snn_params *p, size_t n) {
    iaf_population *pop = calloc(1, sizeof *pop);
    if (!pop) return NULL;
    snn_iaf_propagators_from_params(p, &pop->p);
    pop->E_L = p->neuron.E_L;
    if (snn_iaf_state_alloc(&pop->s, n) != 0) {
        free(pop);
        return NULL;
    }
    return pop;
}

static void destroy(void *neurons) {
    iaf_population *pop = neurons;
    if (!pop) return;
    snn_iaf_state_free(&pop->s);
    free(pop);
}

static void set_potential(void *neurons, size_t i, double V_m) {
    iaf_population *pop = neurons;
    pop->s.y3[i] = V_m - pop->E_L; /* the state is relative to E_L */
}

static double potential(const void *neurons, size_t i) {
    const iaf_population *pop = neurons;
    return pop->s.y3[i] + pop->E_L;
}

static size_t update(void *neurons, size_t begin, size_t end, const double *in_ex,
                     const double *in_in, uint8_t *spiked) {
    iaf_population *pop = neurons;
    return snn_iaf_update_step(&pop->p, &pop->s, begin, end, in_ex, in_in, NULL, spiked);
}

const snn_neuron_model snn_iaf_psc_alpha_model = {
    .name = "iaf_psc_alpha",
    .bytes_per_neuron = SNN_IAF_STATE_BYTES,
    .constants = constants,
    .create = create,
    .destroy = destroy,
    .set_potential = set_potential,
    .potential = potential,
    .update = update,
};
