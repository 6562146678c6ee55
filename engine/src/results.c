/* The HDF5 result file: spikes in the SONATA layout, weights, timers, config, provenance. */
#include "snn/results.h"

#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "snn/build_info.h"
#include "snn/error.h"
#include "snn/h5write.h"
#include "snn/output_file.h"
#include "snn/params.h"

const char *const snn_phase_names[SNN_PHASES] = {"nodes", "edges", "presim", "sim"};

void snn_utc_now(char *buf, size_t len) {
    const time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- groups --- */

static herr_t write_spikes(hid_t file, const snn_network *net) {
    const double dt = net->cfg.values.simulation.dt;
    hid_t spikes = H5Gcreate2(file, "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t s = spikes < 0 ? -1 : 0;
    s |= snn_h5_attr_double(spikes, "presim_end_ms", (double)net->d.presim_steps * dt);
    s |= snn_h5_attr_double(spikes, "sim_end_ms",
                            (double)(net->d.presim_steps + net->d.sim_steps) * dt);
    const struct {
        const char *name;
        const snn_spike_list *list;
        int64_t first_gid, recorded;
    } pops[] = {{"E", &net->recorded, 0, net->d.nrec},
                {"I", &net->recorded_I, net->d.N_E, net->d.nrec_I}};
    for (int p = 0; p < 2 && s >= 0; p++) {
        const size_t n = pops[p].list->count;
        double *t = malloc((n + 1) * sizeof *t);
        uint64_t *id = malloc((n + 1) * sizeof *id);
        if (!t || !id) {
            free(t), free(id);
            s = -1;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            t[i] = (double)pops[p].list->items[i].stamp * dt;
            id[i] = (uint64_t)((int64_t)pops[p].list->items[i].gid - pops[p].first_gid);
        }
        hid_t g = H5Gcreate2(spikes, pops[p].name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        s |= snn_h5_attr_string(g, "sorting", "by_time");
        s |= snn_h5_attr_int(g, "recorded_neurons", pops[p].recorded);
        s |= snn_h5_attr_int(g, "first_gid", pops[p].first_gid);
        const hsize_t dims[1] = {n};
        s |= snn_h5_dataset(g, "timestamps", H5T_NATIVE_DOUBLE, 1, dims, t, 1);
        hid_t ts = H5Dopen2(g, "timestamps", H5P_DEFAULT);
        s |= snn_h5_attr_string(ts, "units", "ms");
        H5Dclose(ts);
        s |= snn_h5_dataset(g, "node_ids", H5T_NATIVE_UINT64, 1, dims, id, 1);
        H5Gclose(g);
        free(t), free(id);
    }
    H5Gclose(spikes);
    return s;
}

static herr_t write_weights(hid_t file, const snn_run_record *r) {
    hid_t g = H5Gcreate2(file, "weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    const size_t S = r->n_snapshots;
    const uint32_t B = S ? r->snapshots[0].n_bins : 0;
    herr_t s = snn_h5_attr_string(g, "units", "pA");
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
    s |= snn_h5_vector(g, "bin_edges", H5T_NATIVE_DOUBLE, B + 1, edges);
    s |= snn_h5_vector(g, "snapshot_times", H5T_NATIVE_DOUBLE, S, times);
    const hsize_t dims[2] = {S, B};
    s |= snn_h5_dataset(g, "histogram", H5T_NATIVE_UINT64, 2, dims, hist, 1);
    s |= snn_h5_vector(g, "mean", H5T_NATIVE_DOUBLE, S, cols[0]);
    s |= snn_h5_vector(g, "std", H5T_NATIVE_DOUBLE, S, cols[1]);
    s |= snn_h5_vector(g, "min", H5T_NATIVE_DOUBLE, S, cols[2]);
    s |= snn_h5_vector(g, "max", H5T_NATIVE_DOUBLE, S, cols[3]);
    s |= snn_h5_vector(g, "count", H5T_NATIVE_UINT64, S, counts[0]);
    s |= snn_h5_vector(g, "clipped_at_zero", H5T_NATIVE_UINT64, S, counts[1]);
    s |= snn_h5_vector(g, "above_range", H5T_NATIVE_UINT64, S, counts[2]);
    const hsize_t sample_dims[1] = {r->n_sample};
    s |= snn_h5_dataset(g, "sample", H5T_NATIVE_FLOAT, 1, sample_dims, r->sample, 1);
    hid_t d = H5Dopen2(g, "sample", H5P_DEFAULT);
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

static herr_t write_timers(hid_t file, const snn_run_record *r) {
    const snn_run_timers *t = &r->timers;
    const snn_network *net = r->net;
    hid_t g = H5Gcreate2(file, "timers", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    const double simtime_s = net->cfg.values.simulation.simtime / 1000.0;
    herr_t s = snn_h5_attr_string(g, "units", "seconds; memory in kB; events as counts");
    s |= snn_h5_attr_double(g, "time_construction_create", t->seconds[SNN_PHASE_NODES]);
    s |= snn_h5_attr_double(g, "time_construction_connect", t->seconds[SNN_PHASE_EDGES]);
    s |= snn_h5_attr_double(g, "time_presimulate", t->seconds[SNN_PHASE_PRESIM]);
    s |= snn_h5_attr_double(g, "time_simulate", t->seconds[SNN_PHASE_SIM]);
    s |= snn_h5_attr_double(g, "time_update", t->sim.time_update);
    s |= snn_h5_attr_double(g, "time_gather_spike_data", t->sim.time_gather_spike_data);
    s |= snn_h5_attr_double(g, "time_deliver_spike_data", t->sim.time_deliver_spike_data);
    s |= snn_h5_attr_double(g, "time_weight_snapshots", t->weight_snapshots);
    s |=
        snn_h5_attr_double(g, "biological_time", (double)net->step * net->cfg.values.simulation.dt);
    for (int p = 0; p < SNN_PHASES; p++) {
        char key[64];
        snprintf(key, sizeof key, "VmPeak_after_%s", snn_phase_names[p]);
        s |= snn_h5_attr_int(g, key, (int64_t)t->memory[p].vm_peak_kb);
        snprintf(key, sizeof key, "VmRSS_after_%s", snn_phase_names[p]);
        s |= snn_h5_attr_int(g, key, (int64_t)t->memory[p].vm_rss_kb);
    }
    s |= snn_h5_attr_int(g, "VmHWM", (int64_t)t->memory[SNN_PHASE_SIM].vm_hwm_kb);
    s |= snn_h5_attr_int(g, "num_connections", (int64_t)net->d.synapses);
    s |= snn_h5_attr_double(g, "bytes_per_synapse",
                            (double)t->memory[SNN_PHASE_SIM].vm_hwm_kb * 1024.0 /
                                (double)net->d.synapses);
    s |= snn_h5_attr_int(g, "synaptic_events_sim", (int64_t)t->events_sim);
    s |= snn_h5_attr_int(g, "synaptic_events_total", (int64_t)t->events_total);
    s |= snn_h5_attr_double(g, "events_per_second",
                            (double)t->events_sim / t->seconds[SNN_PHASE_SIM]);
    s |= snn_h5_attr_double(g, "rtf", t->seconds[SNN_PHASE_SIM] / simtime_s);
    H5Gclose(g);
    return s;
}

static herr_t write_config(hid_t file, const snn_network *net) {
    hid_t g = H5Gcreate2(file, "config", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    herr_t s = 0;
    for (size_t i = 0; i < snn_param_count(); i++) {
        const snn_param_desc *d = snn_param_at(i);
        const double v = snn_param_get(&net->cfg.values, d);
        s |= d->kind == SNN_PARAM_INT ? snn_h5_attr_int(g, d->key, (int64_t)v)
                                      : snn_h5_attr_double(g, d->key, v);
        char key[160];
        snprintf(key, sizeof key, "%s.unit", d->key);
        s |= snn_h5_attr_string(g, key, d->unit);
        snprintf(key, sizeof key, "%s.origin", d->key);
        s |= snn_h5_attr_string(g, key, snn_param_origin_name(net->cfg.origin[i]));
    }
    hid_t dg = H5Gcreate2(g, "derived", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const snn_derived *d = &net->d;
    s |= snn_h5_attr_int(dg, "N_E", d->N_E), s |= snn_h5_attr_int(dg, "N_I", d->N_I);
    s |= snn_h5_attr_int(dg, "CE", d->CE), s |= snn_h5_attr_int(dg, "CI", d->CI);
    s |= snn_h5_attr_int(dg, "nrec", d->nrec), s |= snn_h5_attr_int(dg, "nrec_I", d->nrec_I);
    s |= snn_h5_attr_double(dg, "J_E_pA", d->J_E_pA),
        s |= snn_h5_attr_double(dg, "J_I_pA", d->J_I_pA);
    s |= snn_h5_attr_double(dg, "poisson_rate_hz", d->poisson_rate_hz);
    s |= snn_h5_attr_int(dg, "synapses_plastic", (int64_t)d->synapses_plastic);
    s |= snn_h5_attr_int(dg, "synapses", (int64_t)d->synapses);
    H5Gclose(dg);
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

static herr_t write_provenance(hid_t file, const snn_run_record *r) {
    hid_t g = H5Gcreate2(file, "provenance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return -1;
    char host[256] = "unknown", cpu[256];
    gethostname(host, sizeof host - 1);
    cpu_model(cpu, sizeof cpu);
    herr_t s = snn_h5_attr_string(g, "snnbench_version", snn_build_version);
    s |= snn_h5_attr_string(g, "git_commit", snn_build_git_commit);
    s |= snn_h5_attr_int(g, "git_dirty", snn_build_git_dirty);
    s |= snn_h5_attr_string(g, "compiler", snn_build_compiler);
    s |= snn_h5_attr_string(g, "compiler_flags", snn_build_flags);
    s |= snn_h5_attr_string(g, "build_type", snn_build_type);
    s |= snn_h5_attr_string(g, "hostname", host);
    s |= snn_h5_attr_string(g, "cpu_model", cpu);
    s |= snn_h5_attr_int(g, "cores", sysconf(_SC_NPROCESSORS_ONLN));
    s |= snn_h5_attr_int(g, "threads", r->net->n_vp);
    s |= snn_h5_attr_int(g, "ranks", 1);
    s |= snn_h5_attr_int(g, "seed", r->net->cfg.values.simulation.seed);
    s |= snn_h5_attr_string(g, "start_time", r->start_time);
    s |= snn_h5_attr_string(g, "end_time", r->end_time);
    s |= snn_h5_attr_string(g, "command_line", r->command_line ? r->command_line : "");
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    char hdf5[32];
    snprintf(hdf5, sizeof hdf5, "%u.%u.%u", maj, min, rel);
    s |= snn_h5_attr_string(g, "hdf5_version", hdf5);
    H5Gclose(g);
    return s;
}

int snn_result_write(snn_output_file *f, const snn_run_record *r, char *err, size_t errlen) {
    hid_t file = snn_h5_create_part(f->part);
    if (file < 0) return snn_output_fail(f, errno, err, errlen);
    herr_t s = snn_h5_attr_string(file, "format", SNN_RESULT_FORMAT);
    s |= snn_h5_attr_int(file, "format_version", SNN_RESULT_FORMAT_VERSION);
    if (s >= 0) s |= write_config(file, r->net);
    if (s >= 0) s |= write_provenance(file, r);
    if (s >= 0) s |= write_spikes(file, r->net);
    if (s >= 0) s |= write_weights(file, r);
    if (s >= 0) s |= write_timers(file, r);
    s |= H5Fclose(file);
    if (s < 0) return snn_output_fail(f, errno, err, errlen);
    return snn_output_commit(f, err, errlen);
}
