/* Writes the HDF5 result file: spikes in the SONATA layout, weights, timers, config and
 * provenance, every name from result_format.h. */
#include "snn/result_writer.h"

#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "snn/build_info.h"
#include "snn/machine.h"
#include "snn/error.h"
#include "snn/h5write.h"
#include "snn/output_file.h"
#include "snn/params.h"

/* --- groups --- */

static herr_t write_spikes(hid_t file, const snn_result_record *r) {
    hid_t spikes = H5Gcreate2(file, SNN_RF_SPIKES, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t s = spikes < 0 ? -1 : 0;
    s |= snn_h5_attr_double(spikes, SNN_RF_PRESIM_END, r->presim_end_ms);
    s |= snn_h5_attr_double(spikes, SNN_RF_SIM_END, r->sim_end_ms);
    for (int p = 0; p < SNN_POPULATIONS && s >= 0; p++) {
        const snn_result_spikes *pop = &r->spikes[p];
        hid_t g = H5Gcreate2(spikes, snn_result_population_names[p], H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT);
        s |= snn_h5_attr_string(g, SNN_RF_SORTING, SNN_RF_SORTED_BY_TIME);
        s |= snn_h5_attr_int(g, SNN_RF_RECORDED, pop->recorded);
        s |= snn_h5_attr_int(g, SNN_RF_FIRST_GID, pop->first_gid);
        const hsize_t dims[1] = {pop->n};
        s |= snn_h5_dataset(g, SNN_RF_TIMESTAMPS, H5T_NATIVE_DOUBLE, 1, dims, pop->t_ms, 1);
        hid_t ts = H5Dopen2(g, SNN_RF_TIMESTAMPS, H5P_DEFAULT);
        s |= snn_h5_attr_string(ts, SNN_RF_UNITS, "ms");
        H5Dclose(ts);
        s |= snn_h5_dataset(g, SNN_RF_NODE_IDS, H5T_NATIVE_UINT64, 1, dims, pop->node_ids, 1);
        H5Gclose(g);
    }
    H5Gclose(spikes);
    return s;
}

static herr_t write_weights(hid_t file, const snn_result_record *r) {
    hid_t g = H5Gcreate2(file, SNN_RF_WEIGHTS, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    const size_t S = r->n_snapshots;
    const uint32_t B = S ? r->snapshots[0].n_bins : 0;
    herr_t s = snn_h5_attr_string(g, SNN_RF_UNITS, "pA");
    double *edges = malloc(((size_t)B + 1) * sizeof *edges);
    uint64_t *hist = malloc((S * B + 1) * sizeof *hist);
    double *cols[5];
    uint64_t *counts[3];
    for (int c = 0; c < 5; c++)
        cols[c] = malloc((S + 1) * sizeof(double));
    for (int c = 0; c < 3; c++)
        counts[c] = malloc((S + 1) * sizeof(uint64_t));
    double *times = malloc((S + 1) * sizeof *times);
    for (uint32_t b = 0; b <= B; b++)
        edges[b] = S ? r->snapshots[0].hi * b / B : 0;
    for (size_t i = 0; i < S; i++) {
        const snn_weight_snapshot *w = &r->snapshots[i];
        memcpy(hist + i * B, w->bins, B * sizeof *hist);
        times[i] = w->time_ms;
        cols[0][i] = w->mean, cols[1][i] = w->std, cols[2][i] = w->min, cols[3][i] = w->max;
        counts[0][i] = w->count, counts[1][i] = w->clipped_at_zero, counts[2][i] = w->above_range;
    }
    s |= snn_h5_vector(g, SNN_RF_BIN_EDGES, H5T_NATIVE_DOUBLE, B + 1, edges);
    s |= snn_h5_vector(g, SNN_RF_SNAPSHOT_TIMES, H5T_NATIVE_DOUBLE, S, times);
    const hsize_t dims[2] = {S, B};
    s |= snn_h5_dataset(g, SNN_RF_HISTOGRAM, H5T_NATIVE_UINT64, 2, dims, hist, 1);
    s |= snn_h5_vector(g, SNN_RF_MEAN, H5T_NATIVE_DOUBLE, S, cols[0]);
    s |= snn_h5_vector(g, SNN_RF_STD, H5T_NATIVE_DOUBLE, S, cols[1]);
    s |= snn_h5_vector(g, SNN_RF_MIN, H5T_NATIVE_DOUBLE, S, cols[2]);
    s |= snn_h5_vector(g, SNN_RF_MAX, H5T_NATIVE_DOUBLE, S, cols[3]);
    s |= snn_h5_vector(g, SNN_RF_COUNT, H5T_NATIVE_UINT64, S, counts[0]);
    s |= snn_h5_vector(g, SNN_RF_CLIPPED_AT_ZERO, H5T_NATIVE_UINT64, S, counts[1]);
    s |= snn_h5_vector(g, SNN_RF_ABOVE_RANGE, H5T_NATIVE_UINT64, S, counts[2]);
    const hsize_t sample_dims[1] = {r->n_sample};
    s |= snn_h5_dataset(g, SNN_RF_SAMPLE, H5T_NATIVE_FLOAT, 1, sample_dims, r->sample, 1);
    hid_t d = H5Dopen2(g, SNN_RF_SAMPLE, H5P_DEFAULT);
    s |= snn_h5_attr_double(d, "time_ms", S ? r->snapshots[S - 1].time_ms : 0);
    s |= snn_h5_attr_string(
        d, "method",
        "sample i = weight of the k-th E source draw of E target t, (t, k) uniform "
        "from Philox(seed, stream 5, i): uniform over E->E synapses");
    H5Dclose(d);
    free(edges), free(hist), free(times);
    for (int c = 0; c < 5; c++)
        free(cols[c]);
    for (int c = 0; c < 3; c++)
        free(counts[c]);
    H5Gclose(g);
    return s;
}

/* Attributes of a group from a field table and its values. */
static herr_t write_fields(hid_t g, const snn_result_field *fields, const double *values, int n) {
    herr_t s = 0;
    for (int i = 0; i < n; i++) {
        if (fields[i].integer && isnan(values[i]))
            continue; /* unknown (an imported run's):
                         absent, read back as NaN */
        s |= fields[i].integer ? snn_h5_attr_int(g, fields[i].name, (int64_t)values[i])
                               : snn_h5_attr_double(g, fields[i].name, values[i]);
    }
    return s;
}

static herr_t write_timers(hid_t file, const snn_result_record *r) {
    hid_t g = H5Gcreate2(file, SNN_RF_TIMERS, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    herr_t s = snn_h5_attr_string(g, SNN_RF_UNITS, "seconds; memory in kB; events as counts");
    s |= write_fields(g, snn_result_timer_fields, r->timers, SNN_TIMER_FIELDS);
    /* every rank's value, and the fastest rank's beside the slowest one's */
    hid_t ranks = H5Gcreate2(g, SNN_RF_RANKS, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    s |= ranks < 0 ? -1 : 0;
    for (int i = 0; i < SNN_RANK_TIMERS && ranks >= 0; i++) {
        const double *v = r->rank_timers[i];
        const char *name = snn_result_timer_fields[snn_result_rank_timers[i]].name;
        if (!v) continue;
        s |= snn_h5_vector(ranks, name, H5T_NATIVE_DOUBLE, (size_t)r->ranks, v);
        double least = v[0];
        for (int64_t k = 1; k < r->ranks; k++)
            least = v[k] < least ? v[k] : least;
        char key[96];
        snprintf(key, sizeof key, "%s_min", name);
        s |= snn_h5_attr_double(g, key, least);
    }
    if (ranks >= 0) H5Gclose(ranks);
    H5Gclose(g);
    return s;
}

static herr_t write_config(hid_t file, const snn_result_record *r) {
    hid_t g = H5Gcreate2(file, SNN_RF_CONFIG, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    herr_t s = 0;
    for (size_t i = 0; i < snn_param_count(); i++) {
        const snn_param_desc *d = snn_param_at(i);
        const double v = snn_param_get(&r->cfg->values, d);
        s |= d->kind == SNN_PARAM_INT ? snn_h5_attr_int(g, d->key, (int64_t)v)
                                      : snn_h5_attr_double(g, d->key, v);
        char key[160];
        snprintf(key, sizeof key, "%s%s", d->key, SNN_RF_UNIT_SUFFIX);
        s |= snn_h5_attr_string(g, key, d->unit);
        snprintf(key, sizeof key, "%s%s", d->key, SNN_RF_ORIGIN_SUFFIX);
        s |= snn_h5_attr_string(g, key, snn_param_origin_name(r->cfg->origin[i]));
    }
    hid_t dg = H5Gcreate2(g, SNN_RF_DERIVED, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    s |= dg < 0 ? -1 : write_fields(dg, snn_result_derived_fields, r->derived, SNN_DERIVED_FIELDS);
    if (dg >= 0) H5Gclose(dg);
    H5Gclose(g);
    return s;
}

static void cpu_model(char *buf, size_t len) {
    snprintf(buf, len, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            const char *colon = strchr(line, ':');
            if (colon) {
                snprintf(buf, len, "%s", colon + 2);
                buf[strcspn(buf, "\n")] = '\0';
            }
            break;
        }
    fclose(f);
}

/* What describes the machine and the process that ran: only for snnbench's own runs (an
 * imported run was made elsewhere, and the importing machine says nothing about it). */
static herr_t write_machine(hid_t g, const snn_result_record *r) {
    char host[256] = "unknown", cpu[256], kernel[512], thp[64], job[128], env[8192];
    gethostname(host, sizeof host - 1);
    cpu_model(cpu, sizeof cpu);
    snn_machine_kernel(kernel, sizeof kernel);
    snn_machine_transparent_hugepages(thp, sizeof thp);
    snn_machine_batch_job(job, sizeof job);
    snn_machine_environment(env, sizeof env);
    herr_t s = snn_h5_attr_string(g, "hostname", host);
    s |= snn_h5_attr_string(g, "cpu_model", cpu);
    s |= snn_h5_attr_int(g, "cores", sysconf(_SC_NPROCESSORS_ONLN));
    s |= snn_h5_attr_string(g, "kernel", kernel);
    s |= snn_h5_attr_string(g, "transparent_hugepages", thp);
    s |= snn_h5_attr_string(g, "environment", env);
    s |= snn_h5_attr_string(g, "batch_job", job);
    s |= snn_h5_attr_string(g, "rank_hostnames", r->rank_hosts ? r->rank_hosts : host);
    s |= snn_h5_attr_string(g, "rank_cpus_allowed", r->rank_cpus ? r->rank_cpus : "");
    s |= snn_h5_attr_string(g, "rank_ee_row_loop", r->rank_row_loops ? r->rank_row_loops : "");
    return s;
}

static herr_t write_provenance(hid_t file, const snn_result_record *r) {
    hid_t g = H5Gcreate2(file, SNN_RF_PROVENANCE, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    herr_t s = snn_h5_attr_string(g, "snnbench_version", snn_build_version);
    if (r->simulator) {
        /* an imported run: this build only converted it; its own build is not known */
        char by[256];
        snprintf(by, sizeof by, "snnbench %s (commit %s%s)", snn_build_version,
                 snn_build_git_commit, snn_build_git_dirty == 1 ? ", uncommitted change" : "");
        s |= snn_h5_attr_string(g, "imported_by", by);
    } else {
        s |= snn_h5_attr_string(g, "git_commit", snn_build_git_commit);
        s |= snn_h5_attr_int(g, "git_dirty", snn_build_git_dirty);
        s |= snn_h5_attr_string(g, "git_diff_sha256", snn_build_git_diff_sha256);
        s |= snn_h5_attr_string(g, "compiler", snn_build_compiler);
        s |= snn_h5_attr_string(g, "compiler_flags", snn_build_flags);
        s |= snn_h5_attr_string(g, "build_type", snn_build_type);
        s |= write_machine(g, r);
    }
    s |= snn_h5_attr_int(g, "threads", r->threads);
    s |= snn_h5_attr_int(g, "ranks", r->ranks);
    s |= snn_h5_attr_string(g, "mpi_library", r->mpi_library ? r->mpi_library : "none");
    s |= snn_h5_attr_int(g, "seed", r->cfg->values.simulation.seed);
    s |= snn_h5_attr_string(g, "start_time", r->start_time);
    s |= snn_h5_attr_string(g, "end_time", r->end_time);
    s |= snn_h5_attr_string(g, "command_line", r->command_line ? r->command_line : "");
    char ours[96];
    snprintf(ours, sizeof ours, "snnbench %s", snn_build_version);
    s |= snn_h5_attr_string(g, "simulator", r->simulator ? r->simulator : ours);
    if (r->not_recovered) s |= snn_h5_attr_string(g, "not_recovered", r->not_recovered);
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    char hdf5[32];
    snprintf(hdf5, sizeof hdf5, "%u.%u.%u", maj, min, rel);
    s |= snn_h5_attr_string(g, "hdf5_version", hdf5);
    if (r->libraries) s |= snn_h5_attr_string(g, "libraries", r->libraries);
    H5Gclose(g);
    return s;
}

int snn_result_write(snn_output_file *f, const snn_result_record *r, char *err, size_t errlen) {
    hid_t file = snn_h5_create_part(f->part);
    if (file < 0) return snn_output_fail(f, errno, err, errlen);
    herr_t s = snn_h5_attr_string(file, SNN_RF_ATTR_FORMAT, SNN_RESULT_FORMAT);
    s |= snn_h5_attr_int(file, SNN_RF_ATTR_VERSION, SNN_RESULT_FORMAT_VERSION);
    if (s >= 0) s |= write_config(file, r);
    if (s >= 0) s |= write_provenance(file, r);
    if (s >= 0) s |= write_spikes(file, r);
    if (s >= 0) s |= write_weights(file, r);
    if (s >= 0) s |= write_timers(file, r);
    s |= H5Fclose(file);
    if (s < 0) return snn_output_fail(f, errno, err, errlen);
    return snn_output_commit(f, err, errlen);
}
