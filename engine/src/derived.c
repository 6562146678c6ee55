/* snn_derived: the quantities that follow from the parameters, by the seed script's
 * formulas, their checks and --print-config. */
#include "snn/derived.h"

#include <math.h>

#include "snn/models.h"
#include "snn/psp.h"
#include "snn/memory_estimate.h"
#include "snn/network.h"

void snn_derive(const snn_config *cfg, snn_derived *d) {
    const snn_params *p = &cfg->values;
    const double scale = p->simulation.scale;
    snn_population_sizes(scale, &d->N_E, &d->N_I);
    d->N = d->N_E + d->N_I;
    d->CE = p->network.CE > 0 ? p->network.CE : (int64_t)((double)d->N_E / scale);
    d->CI = p->network.CI > 0 ? p->network.CI : (int64_t)((double)d->N_I / scale);
    d->nrec = p->simulation.nrec < 0 || p->simulation.nrec > d->N_E ? d->N_E : p->simulation.nrec;
    d->nrec_I =
        p->simulation.nrec_I < 0 || p->simulation.nrec_I > d->N_I ? d->N_I : p->simulation.nrec_I;

    const double tau_syn = p->neuron.tau_syn_ex;
    d->pA_per_mV = 1.0 / snn_psp_peak_per_pA(p->neuron.tau_m, tau_syn, p->neuron.C_m);
    d->J_E_pA = p->network.JE * d->pA_per_mV;
    d->J_I_pA = p->network.g * d->J_E_pA;
    d->weight_max = p->simulation.weight_max > 0 ? p->simulation.weight_max : 2.0 * d->J_E_pA;
    /* nu_th = V_th / (C_E tau_m / C_m J_E e tau_syn): the rate that alone reaches threshold */
    d->nu_th = p->neuron.V_th /
               ((double)d->CE * p->neuron.tau_m / p->neuron.C_m * d->J_E_pA * M_E * tau_syn);
    d->nu_ext = p->network.eta * d->nu_th;
    d->poisson_rate_hz = d->nu_ext * (double)d->CE * 1000.0;
    d->poisson_mean = d->poisson_rate_hz * p->simulation.dt / 1000.0;

    const double dt = p->simulation.dt;
    d->delay_steps = (int32_t)lround(p->network.delay / dt);
    d->presim_steps = llround(p->simulation.presimtime / dt);
    d->sim_steps = llround(p->simulation.simtime / dt);

    const uint64_t ee = (uint64_t)d->N_E * (uint64_t)d->CE;
    const int weighted = snn_models_ee_synapse(p)->stores_weight;
    d->synapses_plastic = weighted ? ee : 0;
    d->synapses_static =
        (weighted ? 0 : ee) + (uint64_t)d->N_I * (uint64_t)d->CE + (uint64_t)d->N * (uint64_t)d->CI;
    d->synapses = d->synapses_plastic + d->synapses_static;
}

/* A derived quantity that must be a finite number in [lo, hi], with the parameters it
 * comes from, for the message: the same shape as a model's constants. */
typedef snn_model_constant derived_rule;

int snn_derived_check(const snn_config *cfg, const snn_derived *d, char *err, size_t errlen) {
    const snn_params *p = &cfg->values;
    char tau[256], drive[256];
    snprintf(tau, sizeof tau, "neuron.tau_m = %g ms, neuron.tau_syn_ex = %g ms, neuron.C_m = %g pF",
             p->neuron.tau_m, p->neuron.tau_syn_ex, p->neuron.C_m);
    snprintf(drive, sizeof drive,
             "network.JE = %g mV, network.eta = %g, neuron.V_th = %g mV and the indegree CE = %lld",
             p->network.JE, p->network.eta, p->neuron.V_th, (long long)d->CE);
    const derived_rule rules[] = {
        {"pA_per_mV", "pA/mV", d->pA_per_mV, 1e-300, 1e300, tau},
        {"J_E", "pA", d->J_E_pA, 0, 1e12, tau},
        {"weight_max", "pA", d->weight_max, 1e-300, 1e12, "simulation.weight_max or J_E"},
        {"nu_th", "1/ms", d->nu_th, 0, 1e12, drive},
        {"poisson_rate", "Hz", d->poisson_rate_hz, 0, 1e12, drive},
        /* the Poisson draw per neuron and step: beyond this the drive alone is absurd */
        {"poisson_mean_per_step", "", d->poisson_mean, 0, 1e6, drive},
    };
    if (p->network.JE == 0) {
        snprintf(err, errlen,
                 "network.JE = 0 leaves the Poisson drive undefined (it is eta times the rate "
                 "that reaches threshold through J_E); allowed: JE in (0, 1000] mV");
        return SNN_ERR_PARAM;
    }
    /* the engine's own quantities, then the neuron model's */
    snn_model_constant model[SNN_MAX_MODEL_CONSTANTS];
    const size_t n_model = snn_models_neuron(p)->constants(p, model, SNN_MAX_MODEL_CONSTANTS);
    const size_t n_rules = sizeof rules / sizeof rules[0];
    for (size_t i = 0; i < n_rules + n_model; i++) {
        const derived_rule *r = i < n_rules ? &rules[i] : &model[i - n_rules];
        if (isfinite(r->value) && r->value >= r->lo && r->value <= r->hi) continue;
        snprintf(err, errlen,
                 "%s gives %s = %g %s, outside [%g, %g]: these parameters do not make a network "
                 "that can be simulated",
                 r->from, r->name, r->value, r->unit, r->lo, r->hi);
        return SNN_ERR_PARAM;
    }
    if (p->network.JE > 0 && !(d->J_E_pA > 0)) {
        snprintf(err, errlen, "%s give J_E = %g pA for network.JE = %g mV; allowed: J_E > 0", tau,
                 d->J_E_pA, p->network.JE);
        return SNN_ERR_PARAM;
    }
    return SNN_OK;
}

void snn_print_config(FILE *out, const snn_config *cfg, const snn_derived *d) {
    fprintf(out, "# %-28s %-22s %-5s %-9s %s\n", "parameter", "value", "unit", "origin", "meaning");
    for (size_t i = 0; i < snn_param_count(); i++) {
        const snn_param_desc *desc = snn_param_at(i);
        fprintf(out, "%-30s %-22.17g %-5s %-9s %s\n", desc->key, snn_param_get(&cfg->values, desc),
                desc->unit[0] ? desc->unit : "-", snn_param_origin_name(cfg->origin[i]),
                desc->meaning);
    }
    fprintf(out, "# derived\n");
    const struct {
        const char *name, *unit;
        double value;
    } rows[] = {
        {"N_E", "", (double)d->N_E},
        {"N_I", "", (double)d->N_I},
        {"CE", "", (double)d->CE},
        {"CI", "", (double)d->CI},
        {"nrec", "", (double)d->nrec},
        {"nrec_I", "", (double)d->nrec_I},
        {"weight_max", "pA", d->weight_max},
        {"pA_per_mV", "pA/mV", d->pA_per_mV},
        {"J_E", "pA", d->J_E_pA},
        {"J_I", "pA", d->J_I_pA},
        {"nu_th", "1/ms", d->nu_th},
        {"nu_ext", "1/ms", d->nu_ext},
        {"poisson_rate", "Hz", d->poisson_rate_hz},
        {"poisson_mean_per_step", "", d->poisson_mean},
        {"delay_steps", "", (double)d->delay_steps},
        {"presim_steps", "", (double)d->presim_steps},
        {"sim_steps", "", (double)d->sim_steps},
        {"synapses_plastic", "", (double)d->synapses_plastic},
        {"synapses_static", "", (double)d->synapses_static},
        {"synapses", "", (double)d->synapses},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(out, "%-30s %-22.17g %s\n", rows[i].name, rows[i].value,
                rows[i].unit[0] ? rows[i].unit : "-");
    const snn_neuron_model *neuron = snn_models_neuron(&cfg->values);
    snn_model_constant model[SNN_MAX_MODEL_CONSTANTS];
    const size_t n_model = neuron->constants(&cfg->values, model, SNN_MAX_MODEL_CONSTANTS);
    fprintf(out, "# %s\n", neuron->name);
    for (size_t i = 0; i < n_model; i++)
        fprintf(out, "%-30s %-22.17g %s\n", model[i].name, model[i].value,
                model[i].unit[0] ? model[i].unit : "-");
    const int threads = (int)cfg->values.simulation.threads;
    const int ranks = (int)cfg->values.simulation.ranks;
    snn_memory_estimate e;
    snn_memory_estimate_rank(cfg, d, threads, ranks, 0, &e);
    fprintf(out, "# memory of one rank (rank 0, the largest share), estimated\n");
    const struct {
        const char *name;
        uint64_t bytes;
    } parts[] = {
        {"memory_synapses", e.synapses},     {"memory_row_index", e.row_index},
        {"memory_neurons", e.neurons},       {"memory_synapse_model", e.synapse_model},
        {"memory_build_counts", e.counting}, {"memory_simulation", e.simulation},
        {"memory_process", e.process},       {"memory_mpi_library", e.mpi_library},
        {"memory_estimate", e.peak},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        fprintf(out, "%-30s %-22.17g %s\n", parts[i].name, (double)parts[i].bytes / 1e9, "GB");
    /* every rank's share of the synapses, as the build will count them */
    uint64_t all = 0;
    for (int r = 0; r < ranks; r++) {
        snn_memory_estimate share;
        snn_memory_estimate_rank(cfg, d, threads, ranks, r, &share);
        all += share.peak;
    }
    fprintf(out, "%-30s %-22.17g %s\n", "memory_estimate_all_ranks", (double)all / 1e9, "GB");
    fprintf(out, "%-30s %-22.17g %s\n", "memory_estimate_per_synapse",
            (double)all / (double)d->synapses, "bytes");
}
