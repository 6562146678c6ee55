/* The parameter table: names, units, defaults (the seed's hpc_benchmark) and ranges. */
#include "snn/params.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REAL(k, u, field, def, lo, hi, excl, text)                                                 \
    { k, u, SNN_PARAM_REAL, offsetof(snn_params, field), def, lo, hi, excl, text, NULL }
#define INT(k, u, field, def, lo, hi, text)                                                        \
    { k, u, SNN_PARAM_INT, offsetof(snn_params, field), def, lo, hi, false, text, NULL }
#define CHOICE(k, field, def, names, text)                                                         \
    {                                                                                              \
        k, "", SNN_PARAM_INT, offsetof(snn_params, field), def, 0,                                 \
            sizeof names / sizeof names[0] - 2, false, text, names                                 \
    }

const char *const snn_ee_synapse_names[SNN_EE_MODELS + 1] = {
    [SNN_EE_STDP_PL] = "stdp_pl_synapse_hom", [SNN_EE_STATIC] = "static_synapse", NULL};

/* tau_syn chosen by the seed so that the PSP peaks at t_rise = 1.700759 ms. */
#define SEED_TAU_SYN 0.32582722403722841

static const snn_param_desc table[] = {
    REAL("simulation.scale", "", simulation.scale, 1.0, 0.0, 1000.0, true,
         "network size: N_E = int(9000 scale), N_I = int(2250 scale)"),
    INT("simulation.threads", "", simulation.threads, 1, 1, 1024, "OpenMP threads per rank"),
    INT("simulation.ranks", "", simulation.ranks, 1, 1, 65536,
        "MPI ranks (processes); ranks x threads are the virtual processes"),
    INT("simulation.seed", "", simulation.seed, 12345, 0, 4294967295.0,
        "seed of every random stream (Philox key)"),
    REAL("simulation.dt", "ms", simulation.dt, 0.1, 0.0, 10.0, true, "resolution h"),
    REAL("simulation.presimtime", "ms", simulation.presimtime, 50.0, 0.0, 1e7, false,
         "presimulation time"),
    REAL("simulation.simtime", "ms", simulation.simtime, 250.0, 0.0, 1e7, true, "simulation time"),
    INT("simulation.nrec", "", simulation.nrec, 1000, -1, 1e12,
        "recorded E neurons: the first nrec ones; -1 = all"),
    INT("simulation.nrec_I", "", simulation.nrec_I, 0, -1, 1e12,
        "recorded I neurons: the first nrec_I ones; -1 = all"),
    REAL("simulation.history_horizon", "ms", simulation.history_horizon, 200.0, 1.0, 1e5, false,
         "longest postsynaptic history kept; sources silent longer are caught up (exact)"),
    INT("simulation.weight_bins", "", simulation.weight_bins, 2000, 1, 1e6,
        "bins of the E->E weight histograms"),
    REAL("simulation.weight_max", "pA", simulation.weight_max, 0.0, 0.0, 1e6, false,
         "upper edge of the weight histograms; 0 = 2 J_E"),
    INT("simulation.weight_sample", "", simulation.weight_sample, 20000, 0, 1e8,
        "E->E weights sampled at the end (for the dip test)"),
    REAL("simulation.snapshot_interval", "ms", simulation.snapshot_interval, 100.0, 0.0, 1e7, false,
         "time between weight histograms; 0 = start and phase ends only"),
    INT("network.CE", "", network.CE, 0, 0, 1e9,
        "indegree from E; 0 = the seed's int(N_E / scale)"),
    INT("network.CI", "", network.CI, 0, 0, 1e9,
        "indegree from I; 0 = the seed's int(N_I / scale)"),
    REAL("network.JE", "mV", network.JE, 0.14, 0.0, 1e3, false, "PSP peak of an E synapse"),
    REAL("network.g", "", network.g, -5.0, -1e3, 0.0, false, "J_I / J_E"),
    REAL("network.eta", "", network.eta, 1.685, 0.0, 1e3, false,
         "external rate relative to threshold rate"),
    REAL("network.delay", "ms", network.delay, 1.5, 0.0, 1e3, true,
         "delay of every connection (also the min delay)"),
    CHOICE("network.ee_synapse", network.ee_synapse, SNN_EE_STDP_PL, snn_ee_synapse_names,
           "E->E synapse model: 0 = stdp_pl_synapse_hom (plastic), 1 = static_synapse"),
    REAL("neuron.E_L", "mV", neuron.E_L, 0.0, -1e3, 1e3, false, "resting potential"),
    REAL("neuron.C_m", "pF", neuron.C_m, 250.0, 0.0, 1e6, true, "membrane capacitance"),
    REAL("neuron.tau_m", "ms", neuron.tau_m, 10.0, 0.0, 1e5, true, "membrane time constant"),
    REAL("neuron.t_ref", "ms", neuron.t_ref, 0.5, 0.0, 1e3, false, "refractory period"),
    REAL("neuron.V_th", "mV", neuron.V_th, 20.0, -1e3, 1e3, false, "threshold, relative to E_L"),
    REAL("neuron.V_reset", "mV", neuron.V_reset, 0.0, -1e3, 1e3, false, "reset, relative to E_L"),
    REAL("neuron.tau_syn_ex", "ms", neuron.tau_syn_ex, SEED_TAU_SYN, 0.0, 1e4, true,
         "excitatory synaptic time constant"),
    REAL("neuron.tau_syn_in", "ms", neuron.tau_syn_in, SEED_TAU_SYN, 0.0, 1e4, true,
         "inhibitory synaptic time constant"),
    REAL("neuron.tau_minus", "ms", neuron.tau_minus, 30.0, 0.0, 1e5, true,
         "postsynaptic STDP trace time constant"),
    REAL("neuron.V_m_mean", "mV", neuron.V_m_mean, 5.7, -1e3, 1e3, false,
         "mean of the initial V_m"),
    REAL("neuron.V_m_sigma", "mV", neuron.V_m_sigma, 7.2, 0.0, 1e3, false,
         "standard deviation of the initial V_m"),
    REAL("neuron.I_e", "pA", neuron.I_e, 0.0, -1e6, 1e6, false, "constant input current"),
    REAL("stdp.alpha", "", stdp.alpha, 0.0513, 0.0, 1e3, false, "depression / potentiation"),
    REAL("stdp.lambda", "", stdp.lambda, 0.1, 0.0, 1e3, false, "learning rate"),
    REAL("stdp.mu", "", stdp.mu, 0.4, 0.0, 1.0, false, "exponent of the weight in potentiation"),
    REAL("stdp.tau_plus", "ms", stdp.tau_plus, 15.0, 0.0, 1e5, true,
         "presynaptic STDP trace time constant"),
};
_Static_assert(sizeof table / sizeof table[0] <= SNN_MAX_PARAMS, "raise SNN_MAX_PARAMS");

#define N_PARAMS (sizeof table / sizeof table[0])
_Static_assert(N_PARAMS <= sizeof(((snn_config *)0)->origin) / sizeof(snn_param_origin),
               "origin array too small");

size_t snn_param_count(void) {
    return N_PARAMS;
}
const snn_param_desc *snn_param_at(size_t i) {
    return i < N_PARAMS ? &table[i] : NULL;
}

const snn_param_desc *snn_param_find(const char *key) {
    for (size_t i = 0; i < N_PARAMS; i++)
        if (strcmp(table[i].key, key) == 0) return &table[i];
    return NULL;
}

const char *snn_param_origin_name(snn_param_origin o) {
    switch (o) {
    case SNN_FROM_SCENARIO:
        return "scenario";
    case SNN_FROM_SET:
        return "--set";
    default:
        return "default";
    }
}

/* The table addresses members by offset; memcpy reads and writes them without casts. */
double snn_param_get(const snn_params *p, const snn_param_desc *d) {
    const char *base = (const char *)p + d->offset;
    if (d->kind == SNN_PARAM_INT) {
        int64_t i;
        memcpy(&i, base, sizeof i);
        return (double)i;
    }
    double v;
    memcpy(&v, base, sizeof v);
    return v;
}

static void store(snn_params *p, const snn_param_desc *d, double v) {
    char *base = (char *)p + d->offset;
    if (d->kind == SNN_PARAM_INT) {
        const int64_t i = (int64_t)v;
        memcpy(base, &i, sizeof i);
    } else {
        memcpy(base, &v, sizeof v);
    }
}

void snn_config_defaults(snn_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < N_PARAMS; i++) {
        store(&cfg->values, &table[i], table[i].def);
        cfg->origin[i] = SNN_FROM_DEFAULT;
    }
}

void snn_population_sizes(double scale, int64_t *n_e, int64_t *n_i) {
    *n_e = (int64_t)(9000.0 * scale);
    *n_i = (int64_t)(2250.0 * scale);
}

const char *snn_param_choice_name(const snn_param_desc *d, double value) {
    if (!d->choices || !(value >= d->min && value <= d->max)) return NULL;
    return d->choices[(size_t)value];
}

static void describe_range(const snn_param_desc *d, char *buf, size_t len) {
    if (d->choices) {
        size_t used = (size_t)snprintf(buf, len, "one of");
        for (size_t i = 0; d->choices[i] && used < len; i++)
            used += (size_t)snprintf(buf + used, len - used, "%s %s (%zu)", i ? "," : "",
                                     d->choices[i], i);
        return;
    }
    snprintf(buf, len, "%s %s%.10g, %.10g]%s%s",
             d->kind == SNN_PARAM_INT ? "an integer in" : "a number in",
             d->min_exclusive ? "(" : "[", d->min, d->max, d->unit[0] ? " " : "", d->unit);
}

int snn_config_set(snn_config *cfg, const char *key, const char *text, snn_param_origin origin,
                   char *err, size_t errlen) {
    const snn_param_desc *d = snn_param_find(key);
    if (!d) {
        snprintf(err, errlen, "unknown parameter '%s' (snnbench sim --print-config lists them all)",
                 key);
        return SNN_ERR_PARAM;
    }
    char range[128];
    describe_range(d, range, sizeof range);
    for (size_t i = 0; d->choices && d->choices[i]; i++)
        if (strcmp(text, d->choices[i]) == 0) {
            store(&cfg->values, d, (double)i);
            cfg->origin[d - table] = origin;
            return SNN_OK;
        }
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    while (end && (*end == ' ' || *end == '\t'))
        end++;
    if (end == text || !end || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        snprintf(err, errlen, "%s: '%s' is not %s; allowed: %s", key, text,
                 d->choices ? "one of its values" : "a number", range);
        return SNN_ERR_PARAM;
    }
    if (d->kind == SNN_PARAM_INT && v != floor(v)) {
        snprintf(err, errlen, "%s: %s is not an integer; allowed: %s", key, text, range);
        return SNN_ERR_PARAM;
    }
    bool low = d->min_exclusive ? !(v > d->min) : !(v >= d->min);
    if (low || v > d->max) {
        snprintf(err, errlen, "%s = %s is out of range; allowed: %s", key, text, range);
        return SNN_ERR_PARAM;
    }
    store(&cfg->values, d, v);
    cfg->origin[d - table] = origin;
    return SNN_OK;
}

int snn_config_assign(snn_config *cfg, const char *assignment, snn_param_origin origin, char *err,
                      size_t errlen) {
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        snprintf(err, errlen, "'%s' is not of the form KEY=VALUE", assignment);
        return SNN_ERR_PARAM;
    }
    char key[128];
    size_t n = (size_t)(eq - assignment);
    if (n >= sizeof key) n = sizeof key - 1;
    memcpy(key, assignment, n);
    key[n] = '\0';
    return snn_config_set(cfg, key, eq + 1, origin, err, errlen);
}

/* True when x is an integer multiple of unit, up to rounding of decimal input. */
static bool is_multiple(double x, double unit) {
    double k = x / unit;
    return fabs(k - nearbyint(k)) < 1e-9 * fmax(1.0, fabs(k));
}

int snn_config_validate(const snn_config *cfg, char *err, size_t errlen) {
    const snn_params *p = &cfg->values;
    const double dt = p->simulation.dt;
    if (p->network.delay < dt || !is_multiple(p->network.delay, dt)) {
        snprintf(err, errlen,
                 "network.delay = %g ms is not a multiple of simulation.dt = %g ms; allowed: "
                 "delay = k * dt with k >= 1",
                 p->network.delay, dt);
        return SNN_ERR_PARAM;
    }
    const struct {
        const char *key;
        double value;
    } times[] = {{"simulation.presimtime", p->simulation.presimtime},
                 {"simulation.simtime", p->simulation.simtime},
                 {"neuron.t_ref", p->neuron.t_ref},
                 {"simulation.snapshot_interval", p->simulation.snapshot_interval}};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        if (!is_multiple(times[i].value, dt)) {
            snprintf(err, errlen, "%s = %g ms is not a multiple of simulation.dt = %g ms",
                     times[i].key, times[i].value, dt);
            return SNN_ERR_PARAM;
        }
    double steps = (p->simulation.presimtime + p->simulation.simtime) / dt;
    if (steps > 2e9) {
        snprintf(err, errlen,
                 "simulation.presimtime + simulation.simtime = %g steps of dt; allowed: at most "
                 "2e9 steps",
                 steps);
        return SNN_ERR_PARAM;
    }
    if (p->neuron.V_reset >= p->neuron.V_th) {
        snprintf(err, errlen, "neuron.V_reset = %g mV must be below neuron.V_th = %g mV",
                 p->neuron.V_reset, p->neuron.V_th);
        return SNN_ERR_PARAM;
    }
    int64_t n_e, n_i;
    snn_population_sizes(p->simulation.scale, &n_e, &n_i);
    if (n_e < 2 || n_i < 2) {
        snprintf(err, errlen,
                 "simulation.scale = %g gives N_E = %lld, N_I = %lld; allowed: scale >= %g "
                 "(at least two neurons per population)",
                 p->simulation.scale, (long long)n_e, (long long)n_i, 2.0 / 2250.0);
        return SNN_ERR_PARAM;
    }
    /* The seed records 1000 neurons; for networks smaller than that the default shrinks to
     * N_E, while an explicit value that does not fit is an error. */
    const snn_param_desc *nrec = snn_param_find("simulation.nrec");
    if (p->simulation.nrec > n_e && cfg->origin[nrec - table] != SNN_FROM_DEFAULT) {
        snprintf(err, errlen,
                 "simulation.nrec = %lld is larger than N_E = %lld; allowed: [0, %lld] or -1 (all)",
                 (long long)p->simulation.nrec, (long long)n_e, (long long)n_e);
        return SNN_ERR_PARAM;
    }
    if (p->simulation.nrec_I > n_i) {
        snprintf(
            err, errlen,
            "simulation.nrec_I = %lld is larger than N_I = %lld; allowed: [0, %lld] or -1 (all)",
            (long long)p->simulation.nrec_I, (long long)n_i, (long long)n_i);
        return SNN_ERR_PARAM;
    }
    return SNN_OK;
}
