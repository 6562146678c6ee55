#include "sim_run.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "snn/error.h"
#include "snn/network.h"
#include "snn/weights.h"

static void log_value(const snn_sim_options *opt, const char *key, double value) {
    char line[256];
    snprintf(line, sizeof line, "0 %.10g # %s\n", value, key);
    fputs(line, stdout);
    fflush(stdout);
    if (opt->log) {
        fputs(line, opt->log);
        fflush(opt->log);
    }
}

static void log_phase(const snn_sim_options *opt, const snn_run_timers *t, int phase,
                      const char *seconds_key) {
    char key[64];
    log_value(opt, seconds_key, t->seconds[phase]);
    snprintf(key, sizeof key, "VmPeak_after_%s", snn_phase_names[phase]);
    log_value(opt, key, (double)t->memory[phase].vm_peak_kb);
    snprintf(key, sizeof key, "VmRSS_after_%s", snn_phase_names[phase]);
    log_value(opt, key, (double)t->memory[phase].vm_rss_kb);
}

/* Steps at which weight snapshots are taken: start, every interval, the ends of both phases. */
typedef struct {
    int64_t *steps;
    size_t count;
} schedule;

static int cmp_i64(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int make_schedule(const snn_network *net, schedule *s) {
    const int64_t end = net->d.presim_steps + net->d.sim_steps;
    const double interval = net->cfg.values.simulation.snapshot_interval;
    const int64_t every = interval > 0 ? llround(interval / net->cfg.values.simulation.dt) : 0;
    const size_t most = 3 + (every > 0 ? (size_t)(end / every) : 0);
    s->steps = malloc(most * sizeof *s->steps);
    if (!s->steps) return SNN_ERR_NOMEM;
    s->count = 0;
    s->steps[s->count++] = 0;
    s->steps[s->count++] = net->d.presim_steps;
    s->steps[s->count++] = end;
    for (int64_t k = every; every > 0 && k < end; k += every)
        s->steps[s->count++] = k;
    qsort(s->steps, s->count, sizeof *s->steps, cmp_i64);
    size_t unique = 0;
    for (size_t i = 0; i < s->count; i++)
        if (unique == 0 || s->steps[i] != s->steps[unique - 1]) s->steps[unique++] = s->steps[i];
    s->count = unique;
    return SNN_OK;
}

typedef struct {
    snn_weight_snapshot *items;
    size_t count;
} snapshots;

static int snapshot_if_due(const snn_network *net, const schedule *s, snapshots *out, char *err,
                           size_t errlen) {
    for (size_t i = 0; i < s->count; i++)
        if (s->steps[i] == net->step) {
            const double dt = net->cfg.values.simulation.dt;
            if (snn_weight_snapshot_take(net, (uint32_t)net->cfg.values.simulation.weight_bins,
                                         net->d.weight_max, (double)net->step * dt,
                                         &out->items[out->count]) != SNN_OK) {
                snprintf(err, errlen, "out of memory for a weight histogram");
                return SNN_ERR_NOMEM;
            }
            out->count++;
        }
    return SNN_OK;
}

/* Simulate n_steps, stopping at snapshot times and often enough to report progress. The
 * time spent on snapshots is added to *recording, so that it can be kept out of the phase's
 * simulation time. */
static int simulate_phase(snn_network *net, int64_t n_steps, const char *phase, const schedule *s,
                          snapshots *snaps, const snn_sim_options *opt, double *recording,
                          char *err, size_t errlen) {
    const double dt = net->cfg.values.simulation.dt;
    const int64_t start = net->step, stop = net->step + n_steps;
    int64_t piece = n_steps / 100 > net->d.delay_steps ? n_steps / 100 : net->d.delay_steps;
    snn_progress progress;
    snn_progress_start(&progress, opt->progress, phase, (double)n_steps * dt);
    while (net->step < stop) {
        int64_t next = net->step + piece < stop ? net->step + piece : stop;
        for (size_t i = 0; i < s->count; i++)
            if (s->steps[i] > net->step && s->steps[i] < next) next = s->steps[i];
        int status = snn_network_simulate(net, next - net->step, err, errlen);
        const double t0 = snn_wall_seconds();
        if (status == SNN_OK) status = snapshot_if_due(net, s, snaps, err, errlen);
        *recording += snn_wall_seconds() - t0;
        if (status != SNN_OK) return status;
        snn_progress_update(&progress, (double)(net->step - start) * dt);
    }
    snn_progress_finish(&progress);
    return SNN_OK;
}

static int run_phases(snn_network *net, const snn_config *cfg, const snn_sim_options *opt,
                      snn_run_record *rec, snapshots *snaps, char *err, size_t errlen) {
    snn_run_timers *t = &rec->timers;
    double t0 = snn_wall_seconds();
    int status = snn_network_create(net, cfg, err, errlen);
    if (status != SNN_OK) return status;
    t->seconds[SNN_PHASE_NODES] = snn_wall_seconds() - t0;
    snn_memory_read(&t->memory[SNN_PHASE_NODES]);
    log_phase(opt, t, SNN_PHASE_NODES, "build_time_nodes");

    t0 = snn_wall_seconds();
    if ((status = snn_network_connect(net, err, errlen)) != SNN_OK) return status;
    t->seconds[SNN_PHASE_EDGES] = snn_wall_seconds() - t0;
    snn_memory_read(&t->memory[SNN_PHASE_EDGES]);
    log_phase(opt, t, SNN_PHASE_EDGES, "build_edge_time");

    schedule s;
    if ((status = make_schedule(net, &s)) != SNN_OK) return status;
    snaps->items = calloc(s.count, sizeof *snaps->items);
    if (!snaps->items) {
        status = SNN_ERR_NOMEM;
        goto done;
    }
    if ((status = snapshot_if_due(net, &s, snaps, err, errlen)) != SNN_OK) goto done;

    double recording = 0;
    t0 = snn_wall_seconds();
    status = simulate_phase(net, net->d.presim_steps, "presimulation", &s, snaps, opt, &recording,
                            err, errlen);
    if (status != SNN_OK) goto done;
    t->seconds[SNN_PHASE_PRESIM] = snn_wall_seconds() - t0 - recording;
    t->weight_snapshots = recording;
    snn_memory_read(&t->memory[SNN_PHASE_PRESIM]);
    log_phase(opt, t, SNN_PHASE_PRESIM, "presim_time");

    const snn_sim_timers before = net->timers;
    const uint64_t events_before = snn_network_events(net);
    recording = 0;
    t0 = snn_wall_seconds();
    status = simulate_phase(net, net->d.sim_steps, "simulation", &s, snaps, opt, &recording, err,
                            errlen);
    if (status != SNN_OK) goto done;
    t->seconds[SNN_PHASE_SIM] = snn_wall_seconds() - t0 - recording;
    t->weight_snapshots += recording;
    snn_memory_read(&t->memory[SNN_PHASE_SIM]);
    log_phase(opt, t, SNN_PHASE_SIM, "sim_time");
    t->sim.time_update = net->timers.time_update - before.time_update;
    t->sim.time_gather_spike_data =
        net->timers.time_gather_spike_data - before.time_gather_spike_data;
    t->sim.time_deliver_spike_data =
        net->timers.time_deliver_spike_data - before.time_deliver_spike_data;
    t->events_total = snn_network_events(net);
    t->events_sim = t->events_total - events_before;
done:
    free(s.steps);
    return status;
}

static void log_figures(const snn_network *net, const snn_run_record *rec,
                        const snn_sim_options *opt) {
    const snn_params *p = &net->cfg.values;
    const snn_run_timers *t = &rec->timers;
    const double nrec = (double)net->d.nrec, simtime_s = p->simulation.simtime / 1000.0;
    const uint64_t rec_sim = snn_network_recorded_between(net, net->d.presim_steps, net->step);
    log_value(opt, "num_connections", (double)net->d.synapses);
    /* the seed's formula: every recorded spike since t = 0, over the simulation time only */
    log_value(opt, "average_rate", nrec > 0 ? (double)net->recorded.count / (nrec * simtime_s) : 0);
    log_value(opt, "rate_sim", nrec > 0 ? (double)rec_sim / (nrec * simtime_s) : 0);
    log_value(opt, "rtf", t->seconds[SNN_PHASE_SIM] / simtime_s);
    log_value(opt, "time_update", t->sim.time_update);
    log_value(opt, "time_gather_spike_data", t->sim.time_gather_spike_data);
    log_value(opt, "time_deliver_spike_data", t->sim.time_deliver_spike_data);
    log_value(opt, "synaptic_events_sim", (double)t->events_sim);
    log_value(opt, "events_per_second", (double)t->events_sim / t->seconds[SNN_PHASE_SIM]);
    log_value(opt, "spikes_total", (double)(net->spikes_E + net->spikes_I));
    log_value(opt, "time_weight_snapshots", t->weight_snapshots);
    log_value(opt, "VmHWM", (double)t->memory[SNN_PHASE_SIM].vm_hwm_kb);
    log_value(opt, "bytes_per_synapse",
              (double)t->memory[SNN_PHASE_SIM].vm_hwm_kb * 1024.0 / (double)net->d.synapses);
    if (rec->n_snapshots > 0) {
        const snn_weight_snapshot *w = &rec->snapshots[rec->n_snapshots - 1];
        log_value(opt, "weight_mean", w->mean);
        log_value(opt, "weight_std", w->std);
    }
}

int snn_sim_run(const snn_config *cfg, const snn_sim_options *opt) {
    char err[2 * PATH_MAX + 512] = ""; /* room for whole paths */
    snn_network net;
    snn_run_record rec = {.net = &net, .command_line = opt->command_line};
    snapshots snaps = {0};
    float *sample = NULL;
    snn_utc_now(rec.start_time, sizeof rec.start_time);
    int status = run_phases(&net, cfg, opt, &rec, &snaps, err, sizeof err);
    if (status == SNN_OK) {
        rec.snapshots = snaps.items;
        rec.n_snapshots = snaps.count;
        rec.n_sample = (uint64_t)cfg->values.simulation.weight_sample;
        sample = malloc((rec.n_sample + 1) * sizeof *sample);
        if (!sample) status = SNN_ERR_NOMEM;
    }
    if (status == SNN_OK) {
        snn_weight_sample(&net, rec.n_sample, sample);
        rec.sample = sample;
        log_figures(&net, &rec, opt);
        snn_utc_now(rec.end_time, sizeof rec.end_time);
        if (opt->result) status = snn_result_write(opt->result, &rec, err, sizeof err);
    }
    if (status != SNN_OK) fprintf(stderr, "snnbench sim: %s\n", err[0] ? err : "out of memory");
    for (size_t i = 0; i < snaps.count; i++)
        snn_weight_snapshot_free(&snaps.items[i]);
    free(snaps.items);
    free(sample);
    snn_network_free(&net);
    return status;
}
