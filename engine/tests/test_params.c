/* Parameters: defaults, derived quantities against model.md, and every bad value refused
 * with a message that names the parameter and its allowed range. */
#include <string.h>

#include "snn/derived.h"
#include "snn/iaf_psc_alpha.h"
#include "snn/params.h"
#include "testing.h"

typedef struct {
    const char *assignments[3]; /* applied in order; NULL ends */
    const char *message_has[2]; /* substrings the error must contain */
} bad_case;

static const bad_case bad_cases[] = {
    {{"simulation.scale=0"}, {"simulation.scale", "(0, 1000]"}},
    {{"simulation.scale=-1"}, {"simulation.scale", "out of range"}},
    {{"simulation.scale=abc"}, {"simulation.scale", "not a number"}},
    {{"simulation.threads=0"}, {"simulation.threads", "[1, 1024]"}},
    {{"simulation.threads=1.5"}, {"simulation.threads", "not an integer"}},
    {{"simulation.simtime=-10"}, {"simulation.simtime", "out of range"}},
    {{"simulation.presimtime=-0.1"}, {"simulation.presimtime", "[0, "}},
    {{"simulation.dt=0"}, {"simulation.dt", "(0, 10]"}},
    {{"simulation.dt=0.4"}, {"network.delay", "multiple of simulation.dt"}},
    {{"network.delay=1.55"}, {"network.delay", "multiple"}},
    {{"simulation.simtime=250.05"}, {"simulation.simtime", "multiple of simulation.dt"}},
    {{"neuron.t_ref=0.25"}, {"neuron.t_ref", "multiple"}},
    {{"simulation.nrec=9001"}, {"simulation.nrec", "larger than N_E = 9000"}},
    {{"simulation.scale=0.1", "simulation.nrec=1000"}, {"simulation.nrec", "N_E = 900"}},
    {{"simulation.scale=0.0001"}, {"simulation.scale", "at least two neurons"}},
    {{"neuron.V_reset=25"}, {"neuron.V_reset", "below neuron.V_th"}},
    {{"neuron.C_m=0"}, {"neuron.C_m", "(0, 1000000] pF"}},
    {{"stdp.mu=1.5"}, {"stdp.mu", "[0, 1]"}},
    {{"stdp.tau_plus=0"}, {"stdp.tau_plus", "out of range"}},
    {{"network.g=1"}, {"network.g", "[-1000, 0]"}},
    {{"network.CE=-5"}, {"network.CE", "out of range"}},
    {{"simulation.sclae=1"}, {"unknown parameter", "simulation.sclae"}},
    {{"scale"}, {"not of the form KEY=VALUE"}},
    {{"simulation.seed=1e20"}, {"simulation.seed", "out of range"}},
};

static void test_bad_values(void) {
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        snn_config cfg;
        snn_config_defaults(&cfg);
        char err[512] = "";
        int status = 0;
        for (int a = 0; a < 3 && c->assignments[a] && status == 0; a++)
            status = snn_config_assign(&cfg, c->assignments[a], SNN_FROM_SET, err, sizeof err);
        if (status == 0) status = snn_config_validate(&cfg, err, sizeof err);
        CHECK(status == SNN_ERR_PARAM, "case %zu (%s) accepted", i, c->assignments[0]);
        for (int m = 0; m < 2 && c->message_has[m]; m++)
            CHECK(strstr(err, c->message_has[m]) != NULL, "case %zu: message '%s' lacks '%s'", i,
                  err, c->message_has[m]);
    }
}

static void test_defaults_and_derived(void) {
    snn_config cfg;
    snn_config_defaults(&cfg);
    char err[256];
    CHECK(snn_config_validate(&cfg, err, sizeof err) == SNN_OK, "defaults valid");
    snn_derived d;
    snn_derive(&cfg, &d);
    CHECK(d.N_E == 9000 && d.N_I == 2250 && d.CE == 9000 && d.CI == 2250, "sizes");
    CHECK(d.synapses == 126562500 && d.synapses_plastic == 81000000, "synapse counts");
    snn_iaf_propagators q;
    snn_iaf_propagators_from_params(&cfg.values, &q);
    CHECK(d.delay_steps == 15 && q.refractory_steps == 5, "step counts");
    CHECK(d.presim_steps == 500 && d.sim_steps == 2500, "phase steps");
    /* model.md section 1 */
    CHECK_NEAR(d.pA_per_mV, 325.782859, 1e-6, "pA per mV");
    CHECK_NEAR(d.J_E_pA, 45.6096003, 1e-7, "J_E in pA");
    CHECK_NEAR(d.J_I_pA, -228.048, 1e-3, "J_I in pA");
    CHECK_NEAR(d.nu_th, 0.00137527, 1e-8, "nu_th per ms");
    CHECK_NEAR(d.poisson_rate_hz, 20856.04, 0.01, "Poisson rate");
    CHECK_NEAR(d.poisson_mean, 2.0856, 1e-4, "Poisson mean per step");
    /* model.md section 2: the propagators to the last printed digit */
    const snn_iaf_propagators *p = &q;
    CHECK_REL(p->ex.P11, 0.73571598449994946, 1e-15, "P11");
    CHECK_REL(p->ex.P21, 0.073571598449994946, 1e-15, "P21");
    CHECK_REL(p->P30, 3.9800665003327787e-4, 1e-15, "P30");
    CHECK_REL(p->expm1_tau_m, -9.9501662508319471e-3, 1e-15, "expm1_tau_m");
    CHECK_REL(p->ex.P31, 1.6285448642653278e-5, 1e-14, "P31");
    CHECK_REL(p->ex.P32, 3.4263970263371163e-4, 1e-14, "P32");
    CHECK_REL(p->ex.psc_initial, 8.3427093499972838, 1e-15, "e / tau_syn");

    /* the singular case tau_m == tau_syn takes the limit */
    snn_iaf_channel c;
    snn_iaf_channel_init(&c, 0.1, 10.0, 250.0, 10.0);
    CHECK_REL(c.P32, 0.1 / 250.0 * exp(-0.01), 1e-15, "P32 when tau_m == tau_s");
    CHECK_REL(c.P31, 0.5 * 0.01 / 250.0 * exp(-0.01), 1e-15, "P31 when tau_m == tau_s");
    /* and is the limit of the regular formula */
    snn_iaf_channel_init(&c, 0.1, 10.0, 250.0, 10.0 * (1 - 1e-7));
    CHECK_REL(c.P32, 0.1 / 250.0 * exp(-0.01), 1e-6, "P32 near tau_m == tau_s");

    /* CE and CI follow the seed's formula unless set */
    CHECK(snn_config_set(&cfg, "simulation.scale", "2", SNN_FROM_SET, err, sizeof err) == 0, "%s",
          err);
    snn_derive(&cfg, &d);
    CHECK(d.N_E == 18000 && d.CE == 9000 && d.CI == 2250, "scale 2 sizes");
    CHECK(snn_config_set(&cfg, "network.CE", "900", SNN_FROM_SET, err, sizeof err) == 0, "%s", err);
    snn_derive(&cfg, &d);
    CHECK(d.CE == 900, "CE set");
    const snn_param_desc *desc = snn_param_find("network.CE");
    CHECK(cfg.origin[desc - snn_param_at(0)] == SNN_FROM_SET, "origin recorded");
    /* nrec shrinks to N_E for small networks when left at its default */
    snn_config_defaults(&cfg);
    snn_config_set(&cfg, "simulation.scale", "0.1", SNN_FROM_SET, err, sizeof err);
    CHECK(snn_config_validate(&cfg, err, sizeof err) == SNN_OK, "%s", err);
    snn_derive(&cfg, &d);
    CHECK(d.nrec == 900, "default nrec shrinks to N_E: %lld", (long long)d.nrec);
}

int main(void) {
    test_bad_values();
    test_defaults_and_derived();
    return test_summary();
}
