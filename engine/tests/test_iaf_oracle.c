/* iaf_psc_alpha against NEST 3.9 (oracles/nest/iaf_psc_alpha_*): V_m, both synaptic
 * currents to 1e-9 and the spike times exactly, in four cases. The inputs below are those
 * the oracle headers state: generator spike times; each reaches the neuron one delay
 * (1.0 ms) later, i.e. is added in the step that ends at t_gen + 1.0 ms. */
#include <stdint.h>
#include <string.h>

#include "oracle_csv.h"
#include "snn/iaf_psc_alpha.h"
#include "testing.h"

#define H       0.1
#define STEPS   400
#define TAU_SYN 0.3258272240372284

typedef struct {
    const char *name;
    double I_e;
    double w_ex, w_in;
    const double *t_ex, *t_in;
    size_t n_ex, n_in;
} oracle_case;

static const double single_ex[] = {2.0};
static const double spikeinput_ex[] = {2.0,  2.5,  3.0,  3.0,  3.5,  4.0,  4.0,  4.0,  4.5,  5.0,
                                       5.2,  5.3,  6.0,  6.0,  6.1,  7.0,  7.4,  8.0,  8.0,  8.8,
                                       9.5,  10.0, 10.0, 10.0, 10.0, 10.0, 11.3, 12.0, 12.7, 13.0,
                                       13.0, 14.2, 15.0, 15.5, 16.0, 16.0, 17.3, 18.0, 19.9, 21.0};
static const double spikeinput_in[] = {6.5, 9.0, 9.0, 14.0, 17.0, 20.0};

static void add_inputs(double *input, const double *times, size_t n, double w) {
    for (size_t i = 0; i < n; i++) {
        long step = lround((times[i] + 1.0) / H) - 1; /* step (t-h, t] with t = t_gen + delay */
        input[step] += w;
    }
}

static void run_case(const char *dir, const oracle_case *c) {
    snn_iaf_propagators p;
    snn_iaf_propagators_init(&p, H, 10.0, 250.0, TAU_SYN, TAU_SYN, 0.5, 20.0, 0.0, c->I_e);
    snn_iaf_state s;
    CHECK(snn_iaf_state_alloc(&s, 1) == 0, "alloc");
    double in_ex[STEPS] = {0}, in_in[STEPS] = {0};
    add_inputs(in_ex, c->t_ex, c->n_ex, c->w_ex);
    add_inputs(in_in, c->t_in, c->n_in, c->w_in);

    char vm_name[256], spikes_name[256];
    snprintf(vm_name, sizeof vm_name, "iaf_psc_alpha_%s_vm.csv", c->name);
    snprintf(spikes_name, sizeof spikes_name, "iaf_psc_alpha_%s_spikes.csv", c->name);
    oracle_table vm, spikes;
    if (oracle_read(dir, vm_name, &vm) || oracle_read(dir, spikes_name, &spikes)) {
        CHECK(0, "oracle %s unreadable", c->name);
        return;
    }
    CHECK(vm.rows == STEPS && vm.cols == 4, "%s: %zu rows x %zu cols", vm_name, vm.rows, vm.cols);

    double max_dv = 0, max_di = 0;
    size_t n_spikes = 0;
    for (size_t n = 0; n < STEPS && n < vm.rows; n++) {
        uint8_t spiked;
        snn_iaf_update_step(&p, &s, 0, 1, &in_ex[n], &in_in[n], NULL, &spiked);
        const double t = (double)(n + 1) * H;
        CHECK_NEAR(t, oracle_at(&vm, n, 0), 1e-9, "sample time");
        max_dv = fmax(max_dv, fabs(s.y3[0] - oracle_at(&vm, n, 1)));
        max_di = fmax(max_di, fabs(s.I_ex[0] - oracle_at(&vm, n, 2)));
        max_di = fmax(max_di, fabs(s.I_in[0] - oracle_at(&vm, n, 3)));
        if (spiked) {
            CHECK(n_spikes < spikes.rows, "%s: extra spike at %.1f ms", c->name, t);
            if (n_spikes < spikes.rows)
                CHECK(lround(oracle_at(&spikes, n_spikes, 0) / H) == (long)(n + 1),
                      "%s: spike %zu at %.1f ms, NEST at %.1f ms", c->name, n_spikes, t,
                      oracle_at(&spikes, n_spikes, 0));
            n_spikes++;
        }
    }
    CHECK(n_spikes == spikes.rows, "%s: %zu spikes, NEST %zu", c->name, n_spikes, spikes.rows);
    CHECK(max_dv <= 1e-9, "%s: max |V_m - NEST| = %g mV", c->name, max_dv);
    CHECK(max_di <= 1e-9 * 1000, "%s: max |I_syn - NEST| = %g pA", c->name, max_di);
    printf("%-12s spikes %zu  max|dV| %.3g mV  max|dI| %.3g pA\n", c->name, n_spikes, max_dv,
           max_di);
    oracle_free(&vm);
    oracle_free(&spikes);
    snn_iaf_state_free(&s);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "../shared/oracles/nest";
    const oracle_case cases[] = {
        {"single_psp", 0.0, 1000.0, 0.0, single_ex, NULL, 1, 0},
        {"spikeinput", 0.0, 1000.0, -2500.0, spikeinput_ex, spikeinput_in,
         sizeof spikeinput_ex / sizeof(double), sizeof spikeinput_in / sizeof(double)},
        {"Ie400", 400.0, 0, 0, NULL, NULL, 0, 0},
        {"Ie600", 600.0, 0, 0, NULL, NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(dir, &cases[i]);
    return test_summary();
}
