/* Scenario files (libconfig) and their expansion into points. */
#include "snn/scenario.h"

#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/derived.h"
#include "snn/error.h"

static const char *const groups[] = {"simulation", "network", "neuron", "stdp"};

/* A study name becomes a folder name: nothing that could climb out of the study root. */
static int is_folder_name(const char *v) {
    const size_t len = strlen(v);
    return len >= 1 && len <= 100 && v[0] != '.' &&
           strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == len;
}

static int is_group(const char *name) {
    for (size_t i = 0; i < 4; i++)
        if (strcmp(name, groups[i]) == 0) return 1;
    return 0;
}

static int where(const snn_scenario *s, const config_setting_t *st, char *buf, size_t len) {
    return snprintf(buf, len, "%s:%d: ", s->path, config_setting_source_line(st));
}

/* A value from the file: a number, or for a parameter with named values (network.ee_synapse)
 * one of the names, as its index. */
static int number_of(const config_setting_t *st, const snn_param_desc *d, double *v) {
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_STRING:
        for (size_t i = 0; d->choices && d->choices[i]; i++)
            if (strcmp(config_setting_get_string(st), d->choices[i]) == 0) {
                *v = (double)i;
                return 1;
            }
        return 0;
    case CONFIG_TYPE_INT:
        *v = config_setting_get_int(st);
        return 1;
    case CONFIG_TYPE_INT64:
        *v = (double)config_setting_get_int64(st);
        return 1;
    case CONFIG_TYPE_FLOAT:
        *v = config_setting_get_float(st);
        return 1;
    default:
        return 0;
    }
}

/* One engine parameter from the file, checked like a --set. */
static int set_from(snn_scenario *s, const config_setting_t *st, const char *key, double v,
                    char *err, size_t errlen) {
    char text[64], msg[400];
    snprintf(text, sizeof text, "%.17g", v);
    if (snn_config_set(&s->base, key, text, SNN_FROM_SCENARIO, msg, sizeof msg) == SNN_OK)
        return SNN_OK;
    const int n = where(s, st, err, errlen);
    snprintf(err + n, errlen - (size_t)n, "%s", msg);
    return SNN_ERR_PARAM;
}

static int load_group(snn_scenario *s, const config_setting_t *group, int sweep, char *err,
                      size_t errlen) {
    const char *gname = config_setting_name(group);
    if (!config_setting_is_group(group)) {
        const int n = where(s, group, err, errlen);
        snprintf(err + n, errlen - (size_t)n, "'%s' must be a group { ... }", gname);
        return SNN_ERR_PARAM;
    }
    for (int i = 0; i < config_setting_length(group); i++) {
        const config_setting_t *st = config_setting_get_elem(group, (unsigned)i);
        char key[96];
        snprintf(key, sizeof key, "%s.%s", gname, config_setting_name(st));
        const snn_param_desc *d = snn_param_find(key);
        if (!d) {
            const int n = where(s, st, err, errlen);
            snprintf(err + n, errlen - (size_t)n,
                     "unknown parameter '%s' (snnbench sim --print-config lists them all)", key);
            return SNN_ERR_PARAM;
        }
        double v;
        if (!sweep) {
            if (!number_of(st, d, &v)) {
                const int n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n, "%s must be a number%s", key,
                         d->choices ? " or the name of one of its values" : "");
                return SNN_ERR_PARAM;
            }
            if (set_from(s, st, key, v, err, errlen) != SNN_OK) return SNN_ERR_PARAM;
            continue;
        }
        const int length = config_setting_length(st);
        if (!(config_setting_is_array(st) || config_setting_is_list(st)) || length == 0) {
            const int n = where(s, st, err, errlen);
            snprintf(err + n, errlen - (size_t)n,
                     "sweep of %s must be a non-empty list [a, b, ...]", key);
            return SNN_ERR_PARAM;
        }
        if (s->n_axes == SNN_MAX_SWEEP) {
            const int n = where(s, st, err, errlen);
            snprintf(err + n, errlen - (size_t)n, "at most %d swept parameters", SNN_MAX_SWEEP);
            return SNN_ERR_PARAM;
        }
        snn_sweep_axis *axis = &s->axes[s->n_axes++];
        snprintf(axis->key, sizeof axis->key, "%s", key);
        axis->values = calloc((size_t)length, sizeof *axis->values);
        axis->n_values = (size_t)length;
        for (int k = 0; k < length; k++) {
            const config_setting_t *e = config_setting_get_elem(st, (unsigned)k);
            if (!number_of(e, d, &axis->values[k])) {
                const int n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n, "sweep of %s: element %d is not a number",
                         key, k + 1);
                return SNN_ERR_PARAM;
            }
            /* each value must be allowed on its own: check it against a scratch config */
            snn_config scratch = s->base;
            char text[64], msg[400];
            snprintf(text, sizeof text, "%.17g", axis->values[k]);
            if (snn_config_set(&scratch, key, text, SNN_FROM_SCENARIO, msg, sizeof msg) != SNN_OK) {
                const int n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n, "sweep: %s", msg);
                return SNN_ERR_PARAM;
            }
        }
    }
    return SNN_OK;
}

static int choice(snn_scenario *s, const config_setting_t *st, const char *a, const char *b,
                  int *is_b, char *err, size_t errlen) {
    const char *v = config_setting_get_string(st);
    if (v && strcmp(v, a) == 0) return *is_b = 0, SNN_OK;
    if (v && strcmp(v, b) == 0) return *is_b = 1, SNN_OK;
    const int n = where(s, st, err, errlen);
    snprintf(err + n, errlen - (size_t)n, "%s must be \"%s\" or \"%s\"", config_setting_name(st), a,
             b);
    return SNN_ERR_PARAM;
}

/* slurm = { partition = "..."; account = "..."; qos = "..."; time = "01:00:00";
 *           extra = "--constraint=x"; throttle = 4; exclusive = true; } */
static int load_slurm(snn_scenario *s, const config_setting_t *group, char *err, size_t errlen) {
    if (!config_setting_is_group(group)) {
        const int n = where(s, group, err, errlen);
        snprintf(err + n, errlen - (size_t)n, "slurm must be a group { ... }");
        return SNN_ERR_PARAM;
    }
    const struct {
        const char *key;
        char *value;
        size_t size;
    } texts[] = {{"partition", s->slurm_partition, sizeof s->slurm_partition},
                 {"account", s->slurm_account, sizeof s->slurm_account},
                 {"qos", s->slurm_qos, sizeof s->slurm_qos},
                 {"time", s->slurm_time, sizeof s->slurm_time},
                 {"extra", s->slurm_extra, sizeof s->slurm_extra}};
    for (int i = 0; i < config_setting_length(group); i++) {
        const config_setting_t *st = config_setting_get_elem(group, (unsigned)i);
        const char *key = config_setting_name(st);
        int known = 0, n;
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            if (strcmp(key, texts[t].key) != 0) continue;
            known = 1;
            const char *v = config_setting_get_string(st);
            if (!v || !v[0] || strlen(v) >= texts[t].size) {
                n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n,
                         "slurm.%s must be a string of 1 to %zu characters", key,
                         texts[t].size - 1);
                return SNN_ERR_PARAM;
            }
            snprintf(texts[t].value, texts[t].size, "%s", v);
        }
        if (strcmp(key, "throttle") == 0) {
            known = 1;
            if (config_setting_type(st) != CONFIG_TYPE_INT || config_setting_get_int(st) < 1 ||
                config_setting_get_int(st) > 100000) {
                n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n,
                         "slurm.throttle must be an integer in [1, 100000] (tasks of an array "
                         "at once)");
                return SNN_ERR_PARAM;
            }
            s->slurm_throttle = config_setting_get_int(st);
        } else if (strcmp(key, "exclusive") == 0) {
            known = 1;
            if (config_setting_type(st) != CONFIG_TYPE_BOOL) {
                n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n, "slurm.exclusive must be true or false");
                return SNN_ERR_PARAM;
            }
            s->slurm_exclusive = config_setting_get_bool(st);
        }
        if (!known) {
            n = where(s, st, err, errlen);
            snprintf(err + n, errlen - (size_t)n,
                     "unknown key 'slurm.%s'; allowed: partition, account, qos, time, extra, "
                     "throttle, exclusive",
                     key);
            return SNN_ERR_PARAM;
        }
    }
    return SNN_OK;
}

int snn_scenario_load(const char *path, snn_scenario *s, char *err, size_t errlen) {
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    snn_config_defaults(&s->base);
    s->repetitions = 1;
    config_t cf;
    config_init(&cf);
    int status = SNN_OK;
    if (!config_read_file(&cf, path)) {
        if (config_error_type(&cf) == CONFIG_ERR_FILE_IO)
            snprintf(err, errlen, "%s: cannot read the scenario file", path);
        else
            snprintf(err, errlen, "%s:%d: %s",
                     config_error_file(&cf) ? config_error_file(&cf) : path, config_error_line(&cf),
                     config_error_text(&cf));
        config_destroy(&cf);
        return SNN_ERR_FORMAT;
    }
    const config_setting_t *root = config_root_setting(&cf);
    const config_setting_t *sweep = NULL;
    for (int i = 0; i < config_setting_length(root) && status == SNN_OK; i++) {
        const config_setting_t *st = config_setting_get_elem(root, (unsigned)i);
        const char *key = config_setting_name(st);
        int n;
        if (is_group(key)) {
            status = load_group(s, st, 0, err, errlen);
        } else if (strcmp(key, "sweep") == 0) {
            sweep = st; /* after the base values, whatever the order in the file */
        } else if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0) {
            const char *v = config_setting_get_string(st);
            if (!v || (key[0] == 'n' && !is_folder_name(v))) {
                n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n, "%s must be a string%s", key,
                         key[0] == 'n' ? " of 1 to 100 letters, digits, '.', '_' or '-', not "
                                         "starting with '.' (it names the study folder)"
                                       : "");
                status = SNN_ERR_PARAM;
            } else if (key[0] == 'n')
                snprintf(s->name, sizeof s->name, "%s", v);
            else
                snprintf(s->description, sizeof s->description, "%s", v);
        } else if (strcmp(key, "launcher") == 0) {
            const char *v = config_setting_get_string(st);
            if (!v || !v[strspn(v, " \t")] || strlen(v) >= sizeof s->launcher) {
                n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n,
                         "launcher must be a command of 1 to %zu characters, e.g. \"srun "
                         "--mpi=pmix\" (a point of several ranks starts under it, given -n RANKS)",
                         sizeof s->launcher - 1);
                status = SNN_ERR_PARAM;
            } else
                snprintf(s->launcher, sizeof s->launcher, "%s", v);
        } else if (strcmp(key, "executor") == 0) {
            status = choice(s, st, "local", "slurm", &s->executor_slurm, err, errlen);
        } else if (strcmp(key, "slurm") == 0) {
            status = load_slurm(s, st, err, errlen);
        } else if (strcmp(key, "repetitions") == 0) {
            double v;
            const snn_param_desc plain = {.choices = NULL};
            if (!number_of(st, &plain, &v) || v != floor(v) || v < 1 || v > 1000) {
                n = where(s, st, err, errlen);
                snprintf(err + n, errlen - (size_t)n,
                         "repetitions must be an integer in [1, 1000]");
                status = SNN_ERR_PARAM;
            } else
                s->repetitions = (int)v;
        } else if (strcmp(key, "seeds") == 0) {
            status = choice(s, st, "same", "successive", &s->successive_seeds, err, errlen);
        } else if (strcmp(key, "combine") == 0) {
            status = choice(s, st, "product", "zip", &s->zip, err, errlen);
        } else {
            n = where(s, st, err, errlen);
            snprintf(err + n, errlen - (size_t)n,
                     "unknown key '%s'; allowed: name, description, simulation, network, neuron, "
                     "stdp, sweep, combine, repetitions, seeds, launcher, executor, slurm",
                     key);
            status = SNN_ERR_PARAM;
        }
    }
    if (status == SNN_OK && sweep) {
        if (!config_setting_is_group(sweep)) {
            const int n = where(s, sweep, err, errlen);
            snprintf(err + n, errlen - (size_t)n, "sweep must be a group { ... }");
            status = SNN_ERR_PARAM;
        }
        for (int i = 0; status == SNN_OK && i < config_setting_length(sweep); i++) {
            const config_setting_t *g = config_setting_get_elem(sweep, (unsigned)i);
            if (!is_group(config_setting_name(g))) {
                const int n = where(s, g, err, errlen);
                snprintf(err + n, errlen - (size_t)n,
                         "unknown sweep group '%s'; allowed: simulation, network, neuron, stdp",
                         config_setting_name(g));
                status = SNN_ERR_PARAM;
            } else
                status = load_group(s, g, 1, err, errlen);
        }
    }
    if (status == SNN_OK && !s->name[0]) {
        snprintf(err, errlen, "%s: the scenario has no name = \"...\";", path);
        status = SNN_ERR_PARAM;
    }
    if (status == SNN_OK && s->zip)
        for (size_t a = 1; a < s->n_axes; a++)
            if (s->axes[a].n_values != s->axes[0].n_values) {
                snprintf(
                    err, errlen,
                    "%s: combine = \"zip\" needs lists of one length: %s has %zu values, %s %zu",
                    path, s->axes[0].key, s->axes[0].n_values, s->axes[a].key, s->axes[a].n_values);
                status = SNN_ERR_PARAM;
                break;
            }
    config_destroy(&cf);
    if (status != SNN_OK) snn_scenario_free(s);
    return status;
}

int snn_scenario_override(snn_scenario *s, const char *assignment, char *err, size_t errlen) {
    char msg[400];
    if (snn_config_assign(&s->base, assignment, SNN_FROM_SET, msg, sizeof msg) != SNN_OK) {
        snprintf(err, errlen, "--set %s", msg);
        return SNN_ERR_PARAM;
    }
    const size_t key_len = strcspn(assignment, "=");
    for (size_t a = 0; a < s->n_axes; a++)
        if (strlen(s->axes[a].key) == key_len &&
            strncmp(s->axes[a].key, assignment, key_len) == 0) {
            free(s->axes[a].values);
            memmove(&s->axes[a], &s->axes[a + 1], (s->n_axes - a - 1) * sizeof s->axes[0]);
            s->n_axes--;
            break;
        }
    return SNN_OK;
}

static void short_key(const char *key, char *buf, size_t len) {
    const char *dot = strchr(key, '.');
    snprintf(buf, len, "%s", dot ? dot + 1 : key);
}

int snn_scenario_expand(const snn_scenario *s, snn_point **points, size_t *n_points, char *err,
                        size_t errlen) {
    /* counted without overflow: any product past the limit is refused as it is reached */
    const size_t limit = 100000;
    size_t combos = 1;
    if (s->zip)
        combos = s->n_axes ? s->axes[0].n_values : 1;
    else
        for (size_t a = 0; a < s->n_axes && combos <= limit; a++)
            combos = s->axes[a].n_values > limit ? limit + 1 : combos * s->axes[a].n_values;
    if (combos > limit || combos * (size_t)s->repetitions > limit) {
        snprintf(err, errlen,
                 "%s: more than %zu points (sweep values x repetitions); allowed at "
                 "most %zu",
                 s->path, limit, limit);
        return SNN_ERR_PARAM;
    }
    const size_t total = combos * (size_t)s->repetitions;
    *points = calloc(total, sizeof **points);
    *n_points = 0;
    if (!*points) {
        snprintf(err, errlen, "%s: out of memory for %zu points", s->path, total);
        return SNN_ERR_NOMEM;
    }
    for (size_t c = 0; c < combos; c++) {
        snn_config cfg = s->base;
        char label[512] = "", stem[200] = "";
        size_t rest = c;
        /* product: the last axis varies fastest */
        for (size_t a = s->n_axes; a-- > 0;) {
            const size_t k = s->zip ? c : rest % s->axes[a].n_values;
            if (!s->zip) rest /= s->axes[a].n_values;
            char text[64], msg[400];
            snprintf(text, sizeof text, "%.17g", s->axes[a].values[k]);
            snn_config_set(&cfg, s->axes[a].key, text, SNN_FROM_SCENARIO, msg, sizeof msg);
        }
        for (size_t a = 0; a < s->n_axes; a++) {
            const double v = snn_param_get(&cfg.values, snn_param_find(s->axes[a].key));
            char item[128], brief[64];
            snprintf(item, sizeof item, "%s%s=%g", a ? " " : "", s->axes[a].key, v);
            strncat(label, item, sizeof label - strlen(label) - 1);
            short_key(s->axes[a].key, brief, sizeof brief);
            snprintf(item, sizeof item, "-%s%g", brief, v);
            if (strlen(stem) + strlen(item) >= sizeof stem) {
                /* a cut name could make two points share a file */
                snprintf(err, errlen,
                         "%s: the swept values make a point name longer than %zu "
                         "characters; sweep fewer parameters",
                         s->path, sizeof stem - 1);
                goto invalid;
            }
            strncat(stem, item, sizeof stem - strlen(stem) - 1);
        }
        for (int r = 0; r < s->repetitions; r++) {
            snn_point *p = &(*points)[(*n_points)++];
            p->cfg = cfg;
            p->repetition = r;
            if (s->successive_seeds && r > 0) {
                char text[64], msg[400];
                snprintf(text, sizeof text, "%lld", (long long)cfg.values.simulation.seed + r);
                if (snn_config_set(&p->cfg, "simulation.seed", text, SNN_FROM_SCENARIO, msg,
                                   sizeof msg) != SNN_OK) {
                    snprintf(err, errlen, "%s: repetition %d: %s", s->path, r + 1, msg);
                    goto invalid;
                }
            }
            snprintf(p->name, sizeof p->name, "p%03zu%s", c + 1, stem);
            if (s->repetitions > 1) {
                char rep[16];
                snprintf(rep, sizeof rep, "-r%d", r + 1);
                strncat(p->name, rep, sizeof p->name - strlen(p->name) - 1);
            }
            snprintf(p->label, sizeof p->label, "%s", label[0] ? label : "(base values)");
            char msg[1024];
            snn_derived derived;
            snn_derive(&p->cfg, &derived);
            if (snn_config_validate(&p->cfg, msg, sizeof msg) != SNN_OK ||
                snn_derived_check(&p->cfg, &derived, msg, sizeof msg) != SNN_OK) {
                snprintf(err, errlen, "%s: point %zu (%s): %s", s->path, *n_points, p->label, msg);
                goto invalid;
            }
        }
    }
    return SNN_OK;
invalid:
    free(*points);
    *points = NULL;
    *n_points = 0;
    return SNN_ERR_PARAM;
}

void snn_scenario_free(snn_scenario *s) {
    for (size_t a = 0; a < s->n_axes; a++)
        free(s->axes[a].values);
    s->n_axes = 0;
}
