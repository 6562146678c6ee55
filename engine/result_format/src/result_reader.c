/* Reads result files with the HDF5 C API, every name from result_format.h, and checks what
 * they claim before anyone uses it. */
#include "snn/result_reader.h"

#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"
#include "snn/params.h"
#include "snn/result_format.h"

/* Whether a dataset is stored as this project writes it: its class is the one asked for
 * (float or integer) and, stored contiguously, it holds exactly its points. libhdf5 1.10
 * trusts a corrupt layout and copies past the reader's buffer (README, known limits), so
 * a dataset that fails this is refused before H5Dread. */
static int stored_as_written(hid_t d, hid_t space, hid_t mem_type) {
    hid_t file_type = H5Dget_type(d);
    hid_t dcpl = H5Dget_create_plist(d);
    const hssize_t points = H5Sget_simple_extent_npoints(space);
    int ok = file_type >= 0 && dcpl >= 0 && points >= 0 &&
             H5Tget_class(file_type) == H5Tget_class(mem_type) &&
             H5Sget_simple_extent_ndims(space) >= 1 && H5Sget_simple_extent_ndims(space) <= 2;
    if (ok) {
        const H5D_layout_t layout = H5Pget_layout(dcpl);
        const hsize_t stored = H5Dget_storage_size(d); /* 0: nothing written yet */
        if (layout == H5D_CONTIGUOUS)
            ok = stored == (hsize_t)points * H5Tget_size(file_type) || stored == 0;
        else
            ok = layout == H5D_CHUNKED;
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (file_type >= 0) H5Tclose(file_type);
    return ok;
}

static void *read_dataset(hid_t file, const char *name, hid_t type, size_t size, size_t *n) {
    *n = 0;
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return NULL;
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    if (d < 0) return NULL;
    hid_t space = H5Dget_space(d);
    const hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    void *data = NULL;
    if (count >= 0 && count < (hssize_t)(SIZE_MAX / 16) && stored_as_written(d, space, type))
        data = malloc(((size_t)count + 1) * size);
    if (data && count > 0 && H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        free(data);
        data = NULL;
    }
    if (data) *n = (size_t)count;
    if (space >= 0) H5Sclose(space);
    H5Dclose(d);
    return data;
}

/* Numeric attributes of group, read by name, those present. */
static int read_attributes(hid_t file, const char *group, const char *const *names, size_t n,
                           snn_named_value **out, size_t *count) {
    *out = NULL;
    *count = 0;
    if (H5Lexists(file, group, H5P_DEFAULT) <= 0) return -1;
    snn_named_value *items = calloc(n + 1, sizeof *items);
    if (!items) return -1;
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        if (H5Aexists_by_name(file, group, names[i], H5P_DEFAULT) <= 0) continue;
        hid_t a = H5Aopen_by_name(file, group, names[i], H5P_DEFAULT, H5P_DEFAULT);
        if (a < 0) continue;
        hid_t type = H5Aget_type(a);
        const H5T_class_t cls = H5Tget_class(type);
        double v = NAN;
        if ((cls == H5T_INTEGER || cls == H5T_FLOAT) && H5Aread(a, H5T_NATIVE_DOUBLE, &v) >= 0) {
            snprintf(items[got].name, sizeof items[got].name, "%s", names[i]);
            items[got++].value = v;
        }
        H5Tclose(type);
        H5Aclose(a);
    }
    *out = items;
    *count = got;
    return 0;
}

static double attribute(hid_t file, const char *obj, const char *name) {
    double v = NAN;
    if (H5Aexists_by_name(file, obj, name, H5P_DEFAULT) > 0) {
        hid_t a = H5Aopen_by_name(file, obj, name, H5P_DEFAULT, H5P_DEFAULT);
        H5Aread(a, H5T_NATIVE_DOUBLE, &v);
        H5Aclose(a);
    }
    return v;
}

static void string_attribute(hid_t file, const char *obj, const char *name, char *buf, size_t len) {
    buf[0] = '\0';
    if (H5Aexists_by_name(file, obj, name, H5P_DEFAULT) <= 0) return;
    hid_t a = H5Aopen_by_name(file, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t type = H5Aget_type(a);
    if (H5Tget_class(type) == H5T_STRING && H5Tget_size(type) < len) H5Aread(a, type, buf);
    H5Tclose(type);
    H5Aclose(a);
}

/* /provenance's known attributes as text (strings as they are, integers in decimal); a
 * string longer than 64 kB or of another class is left out. */
static void read_provenance(hid_t file, snn_result *r) {
    const char *group = "/" SNN_RF_PROVENANCE;
    size_t n = 0;
    while (snn_result_provenance_keys[n])
        n++;
    r->provenance = calloc(n + 1, sizeof *r->provenance);
    if (!r->provenance || H5Lexists(file, group, H5P_DEFAULT) <= 0) return;
    for (size_t i = 0; i < n; i++) {
        const char *key = snn_result_provenance_keys[i];
        if (H5Aexists_by_name(file, group, key, H5P_DEFAULT) <= 0) continue;
        hid_t a = H5Aopen_by_name(file, group, key, H5P_DEFAULT, H5P_DEFAULT);
        hid_t type = H5Aget_type(a);
        char *text = NULL;
        if (H5Tget_class(type) == H5T_STRING && !H5Tis_variable_str(type) &&
            H5Tget_size(type) <= 65536) {
            const size_t size = H5Tget_size(type);
            text = calloc(size + 1, 1);
            if (text && H5Aread(a, type, text) < 0) free(text), text = NULL;
        } else if (H5Tget_class(type) == H5T_INTEGER) {
            long long v;
            text = malloc(32);
            if (text && H5Aread(a, H5T_NATIVE_LLONG, &v) >= 0)
                snprintf(text, 32, "%lld", v);
            else
                free(text), text = NULL;
        }
        H5Tclose(type);
        H5Aclose(a);
        if (!text) continue;
        snprintf(r->provenance[r->n_provenance].name, sizeof r->provenance[0].name, "%s", key);
        r->provenance[r->n_provenance++].value = text;
    }
}

const char *snn_result_provenance(const snn_result *r, const char *key) {
    for (size_t i = 0; i < r->n_provenance; i++)
        if (strcmp(r->provenance[i].name, key) == 0) return r->provenance[i].value;
    return NULL;
}

static int read_spikes(hid_t file, const char *pop, snn_spike_train_set *s) {
    char name[64];
    size_t n_t, n_id;
    snprintf(name, sizeof name, "/%s/%s/%s", SNN_RF_SPIKES, pop, SNN_RF_TIMESTAMPS);
    s->t = read_dataset(file, name, H5T_NATIVE_DOUBLE, sizeof(double), &n_t);
    snprintf(name, sizeof name, "/%s/%s/%s", SNN_RF_SPIKES, pop, SNN_RF_NODE_IDS);
    s->id = read_dataset(file, name, H5T_NATIVE_UINT64, sizeof(uint64_t), &n_id);
    snprintf(name, sizeof name, "/%s/%s", SNN_RF_SPIKES, pop);
    const double recorded = attribute(file, name, SNN_RF_RECORDED);
    s->recorded = recorded >= 0 && recorded <= 1e15 ? (int64_t)recorded : -1;
    s->n = n_t;
    return s->t && s->id && n_t == n_id && s->recorded >= 0 ? 0 : -1;
}

/* What the spikes of one population claim, checked: sorting = by_time (the only order the
 * readers handle) and really sorted, every time a number inside the run, every id one of the
 * recorded neurons. */
static int verify_spikes(hid_t file, const char *pop, const snn_spike_train_set *s, double end_ms,
                         char *why, size_t len) {
    char group[64], sorting[32];
    snprintf(group, sizeof group, "/%s/%s", SNN_RF_SPIKES, pop);
    string_attribute(file, group, SNN_RF_SORTING, sorting, sizeof sorting);
    if (strcmp(sorting, SNN_RF_SORTED_BY_TIME) != 0) {
        snprintf(why, len, "%s: %s is '%s'; this reader needs '%s'", group, SNN_RF_SORTING, sorting,
                 SNN_RF_SORTED_BY_TIME);
        return -1;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (!(s->t[i] >= 0 && s->t[i] <= end_ms)) {
            snprintf(why, len, "%s/timestamps[%zu] = %g ms is not a time in [0, %g] ms", group, i,
                     s->t[i], end_ms);
            return -1;
        }
        if (i > 0 && s->t[i] < s->t[i - 1]) {
            snprintf(why, len,
                     "%s claims sorting = by_time, but timestamps[%zu] = %g ms comes after %g ms",
                     group, i, s->t[i], s->t[i - 1]);
            return -1;
        }
        if (s->id[i] >= (uint64_t)s->recorded) {
            snprintf(why, len, "%s/node_ids[%zu] = %llu is not one of the %lld recorded neurons",
                     group, i, (unsigned long long)s->id[i], (long long)s->recorded);
            return -1;
        }
    }
    return 0;
}

/* The spikes of both populations and the phase boundaries; the first missing part, or NULL. */
static const char *read_spike_part(hid_t file, snn_result *r) {
    const char *missing = NULL;
    r->presim_end_ms = attribute(file, "/" SNN_RF_SPIKES, SNN_RF_PRESIM_END);
    r->sim_end_ms = attribute(file, "/" SNN_RF_SPIKES, SNN_RF_SIM_END);
    if (isnan(r->sim_end_ms))
        missing = "/" SNN_RF_SPIKES " attributes";
    else if (read_spikes(file, snn_result_population_names[SNN_POP_E], &r->E) ||
             read_spikes(file, snn_result_population_names[SNN_POP_I], &r->I))
        missing = "/" SNN_RF_SPIKES "/E or /" SNN_RF_SPIKES "/I";
    return missing;
}

#define W(name) "/" SNN_RF_WEIGHTS "/" name

/* The weight histograms, their moments and the sample. */
static const char *read_weight_part(hid_t file, snn_result *r) {
    const char *missing = NULL;
    size_t n;
    r->snapshot_times =
        read_dataset(file, W(SNN_RF_SNAPSHOT_TIMES), H5T_NATIVE_DOUBLE, 8, &r->n_snapshots);
    r->bin_edges = read_dataset(file, W(SNN_RF_BIN_EDGES), H5T_NATIVE_DOUBLE, 8, &n);
    r->n_bins = n > 0 ? n - 1 : 0;
    r->histogram = read_dataset(file, W(SNN_RF_HISTOGRAM), H5T_NATIVE_UINT64, 8, &n);
    if (!r->snapshot_times || !r->bin_edges || !r->histogram || n != r->n_snapshots * r->n_bins)
        return W(SNN_RF_HISTOGRAM);
    const struct {
        const char *name;
        double **dst;
    } doubles[] = {{W(SNN_RF_MEAN), &r->mean},
                   {W(SNN_RF_STD), &r->std},
                   {W(SNN_RF_MIN), &r->min},
                   {W(SNN_RF_MAX), &r->max}};
    for (size_t i = 0; i < 4 && !missing; i++) {
        *doubles[i].dst = read_dataset(file, doubles[i].name, H5T_NATIVE_DOUBLE, 8, &n);
        if (!*doubles[i].dst || n != r->n_snapshots) missing = doubles[i].name;
    }
    const struct {
        const char *name;
        uint64_t **dst;
    } counts[] = {{W(SNN_RF_COUNT), &r->count},
                  {W(SNN_RF_CLIPPED_AT_ZERO), &r->clipped},
                  {W(SNN_RF_ABOVE_RANGE), &r->above}};
    for (size_t i = 0; i < 3 && !missing; i++) {
        *counts[i].dst = read_dataset(file, counts[i].name, H5T_NATIVE_UINT64, 8, &n);
        if (!*counts[i].dst || n != r->n_snapshots) missing = counts[i].name;
    }
    if (!missing) {
        r->sample = read_dataset(file, W(SNN_RF_SAMPLE), H5T_NATIVE_FLOAT, 4, &r->n_sample);
        if (!r->sample) missing = W(SNN_RF_SAMPLE);
    }
    return missing;
}

/* The numeric attributes of /config, /timers and /config/derived, by the format's names;
 * parameters added after a file was written take their defaults. */
static const char *read_attribute_part(hid_t file, snn_result *r) {
    const char *param_keys[SNN_MAX_PARAMS];
    for (size_t i = 0; i < snn_param_count(); i++)
        param_keys[i] = snn_param_at(i)->key;
    const char *timer_keys[SNN_TIMER_FIELDS], *derived_keys[SNN_DERIVED_FIELDS];
    for (size_t i = 0; i < SNN_TIMER_FIELDS; i++)
        timer_keys[i] = snn_result_timer_fields[i].name;
    for (size_t i = 0; i < SNN_DERIVED_FIELDS; i++)
        derived_keys[i] = snn_result_derived_fields[i].name;
    if (read_attributes(file, "/" SNN_RF_CONFIG, param_keys, snn_param_count(), &r->config,
                        &r->n_config))
        return "/" SNN_RF_CONFIG;
    if (read_attributes(file, "/" SNN_RF_TIMERS, timer_keys, SNN_TIMER_FIELDS, &r->timers,
                        &r->n_timers))
        return "/" SNN_RF_TIMERS;
    if (read_attributes(file, "/" SNN_RF_CONFIG "/" SNN_RF_DERIVED, derived_keys,
                        SNN_DERIVED_FIELDS, &r->derived, &r->n_derived))
        return "/" SNN_RF_CONFIG "/" SNN_RF_DERIVED;
    /* A parameter added after a file was written was, in that file's run, at its default
     * (a parameter is introduced with the behaviour before it as its default): files of
     * older versions then describe the same points as new ones. */
    for (size_t i = 0; r->config && snn_result_later_params[i]; i++) {
        const snn_param_desc *d = snn_param_find(snn_result_later_params[i]);
        if (!d || !isnan(snn_result_config(r, d->key))) continue;
        if (H5Aexists_by_name(file, "/" SNN_RF_CONFIG, d->key, H5P_DEFAULT) > 0) continue;
        snprintf(r->config[r->n_config].name, sizeof r->config[0].name, "%s", d->key);
        r->config[r->n_config++].value = d->def;
    }
    return NULL;
}

/* What the file claims, checked: the required parameters, the phases, the spikes, the
 * sample. Returns 0, or -1 with the reason in why. */
static int verify(hid_t file, const snn_result *r, char *why, size_t len) {
    why[0] = '\0';
    /* the parameters every reader relies on (points, rates per second, repetitions) */
    const char *required[] = {"simulation.scale", "simulation.threads", "simulation.seed",
                              "simulation.presimtime", "simulation.simtime"};
    for (size_t i = 0; !why[0] && i < sizeof required / sizeof required[0]; i++)
        if (!isfinite(snn_result_config(r, required[i])))
            snprintf(why, len, "/" SNN_RF_CONFIG " lacks %s", required[i]);
    if (!why[0] &&
        !(isfinite(r->presim_end_ms) && r->presim_end_ms >= 0 && r->presim_end_ms <= r->sim_end_ms))
        snprintf(why, len,
                 "/" SNN_RF_SPIKES ": " SNN_RF_PRESIM_END " = %g, " SNN_RF_SIM_END
                 " = %g are not phase boundaries",
                 r->presim_end_ms, r->sim_end_ms);
    if (!why[0] && verify_spikes(file, snn_result_population_names[SNN_POP_E], &r->E, r->sim_end_ms,
                                 why, len) == 0)
        verify_spikes(file, snn_result_population_names[SNN_POP_I], &r->I, r->sim_end_ms, why, len);
    for (size_t i = 0; !why[0] && i < r->n_sample; i++)
        if (!isfinite(r->sample[i]))
            snprintf(why, len, W(SNN_RF_SAMPLE) "[%zu] = %g is not a weight", i,
                     (double)r->sample[i]);
    return why[0] ? -1 : 0;
}

int snn_result_read(const char *path, snn_result *r, char *err, size_t errlen) {
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(err, errlen, "%s: cannot open", path);
        return SNN_ERR_IO;
    }
    fclose(probe);
    if (H5Fis_hdf5(path) <= 0) {
        snprintf(err, errlen, "%s: not an HDF5 file (or truncated)", path);
        return SNN_ERR_FORMAT;
    }
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
        snprintf(err, errlen, "%s: HDF5 cannot open it (corrupt or truncated?)", path);
        return SNN_ERR_FORMAT;
    }
    char format[64];
    string_attribute(file, "/", SNN_RF_ATTR_FORMAT, format, sizeof format);
    int status = SNN_OK;
    if (strcmp(format, SNN_RESULT_FORMAT) != 0) {
        snprintf(err, errlen, "%s: an HDF5 file, but not a snnbench result (no format attribute)",
                 path);
        status = SNN_ERR_FORMAT;
        goto done;
    }
    const double version = attribute(file, "/", SNN_RF_ATTR_VERSION);
    if (version != SNN_RESULT_FORMAT_VERSION) {
        snprintf(err, errlen,
                 "%s: result format version %g; this snnbench reads version %d (a newer or "
                 "older snnbench wrote it)",
                 path, version, SNN_RESULT_FORMAT_VERSION);
        status = SNN_ERR_FORMAT;
        goto done;
    }
    const char *missing = read_spike_part(file, r);
    if (!missing) missing = read_weight_part(file, r);
    if (!missing) missing = read_attribute_part(file, r);
    char why[512] = "";
    if (!missing) verify(file, r, why, sizeof why);
    if (why[0]) {
        snprintf(err, errlen, "%s: refused: %s", path, why);
        status = SNN_ERR_FORMAT;
        goto done;
    }
    string_attribute(file, "/" SNN_RF_PROVENANCE, "git_commit", r->git_commit,
                     sizeof r->git_commit);
    string_attribute(file, "/" SNN_RF_PROVENANCE, "start_time", r->start_time,
                     sizeof r->start_time);
    string_attribute(file, "/" SNN_RF_PROVENANCE, "simulator", r->simulator, sizeof r->simulator);
    if (!r->simulator[0]) snprintf(r->simulator, sizeof r->simulator, "snnbench");
    string_attribute(file, "/" SNN_RF_PROVENANCE, "not_recovered", r->not_recovered,
                     sizeof r->not_recovered);
    read_provenance(file, r);
    if (missing) {
        snprintf(err, errlen, "%s: incomplete result file: %s missing or unreadable", path,
                 missing);
        status = SNN_ERR_FORMAT;
    }
done:
    H5Fclose(file);
    if (status != SNN_OK) snn_result_free(r);
    return status;
}

void snn_result_free(snn_result *r) {
    for (size_t i = 0; i < r->n_provenance; i++)
        free(r->provenance[i].value);
    void *arrays[] = {r->E.t,       r->E.id,   r->I.t,     r->I.id,      r->snapshot_times,
                      r->bin_edges, r->mean,   r->std,     r->min,       r->max,
                      r->histogram, r->count,  r->clipped, r->above,     r->sample,
                      r->config,    r->timers, r->derived, r->provenance};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    char path[4096];
    memcpy(path, r->path, sizeof path);
    memset(r, 0, sizeof *r);
    memcpy(r->path, path, sizeof path);
}

static double lookup(const snn_named_value *v, size_t n, const char *key) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, key) == 0) return v[i].value;
    return NAN;
}

double snn_result_config(const snn_result *r, const char *key) {
    return lookup(r->config, r->n_config, key);
}
double snn_result_timer(const snn_result *r, const char *key) {
    return lookup(r->timers, r->n_timers, key);
}
double snn_result_derived(const snn_result *r, const char *key) {
    return lookup(r->derived, r->n_derived, key);
}

double snn_result_timer_at(const snn_result *r, snn_result_timer_index i) {
    return i < SNN_TIMER_FIELDS ? snn_result_timer(r, snn_result_timer_fields[i].name) : NAN;
}

double snn_result_derived_at(const snn_result *r, snn_result_derived_index i) {
    return i < SNN_DERIVED_FIELDS ? snn_result_derived(r, snn_result_derived_fields[i].name) : NAN;
}

void snn_result_point_key(const snn_result *r, char *buf, size_t len) {
    /* in the parameter table's order, whatever the file's order */
    buf[0] = '\0';
    for (size_t i = 0; i < snn_param_count(); i++) {
        const char *key = snn_param_at(i)->key;
        const double v = snn_result_config(r, key);
        if (strcmp(key, "simulation.seed") == 0 || isnan(v)) continue;
        char item[160];
        snprintf(item, sizeof item, "%s=%.10g;", key, v);
        strncat(buf, item, len - strlen(buf) - 1);
    }
}
