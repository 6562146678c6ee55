/* snn_simulation: one point from parameters to result file, and its memory bill. The
 * figures of a run (phase times, memory, events, rates) are computed here once, into the
 * result record, and the log prints the same numbers. */
#define _GNU_SOURCE /* sched_getaffinity: the CPUs a rank may run on, its binding */
#include "snn/simulation.h"

#include <limits.h>
#include <sched.h>
#include <unistd.h>
#include <gsl/gsl_version.h>
#include <hdf5.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "snn/derived.h"
#include "snn/error.h"
#include "snn/memory_estimate.h"
#include "snn/network.h"
#include "snn/progress.h"
#include "snn/run_log.h"
#include "snn/result_writer.h"
#include "snn/sysinfo.h"
#include "snn/weights.h"

enum { PHASE_NODES, PHASE_EDGES, PHASE_PRESIM, PHASE_SIM, PHASES };

/* What is measured while a point runs. */
typedef struct {
    double seconds[PHASES];                   /* wall-clock time of each phase */
    snn_sysinfo_memory_status memory[PHASES]; /* after each phase */
    snn_sim_timers sim;                       /* inside the simulation phase */
    uint64_t events_sim, events_total;
    double weight_snapshots; /* s spent recording weight histograms, kept out of the phases */
} run_timers;

/* Per phase: its time's name in the seed's log and its VmPeak / VmRSS fields. */
static const struct {
    const char *log_key;
    int time, vm_peak, vm_rss;
} phase_fields[PHASES] = {
    [PHASE_NODES] = {"build_time_nodes", SNN_TIMER_CONSTRUCTION_CREATE,
                     SNN_TIMER_VMPEAK_AFTER_NODES, SNN_TIMER_VMRSS_AFTER_NODES},
    [PHASE_EDGES] = {"build_edge_time", SNN_TIMER_CONSTRUCTION_CONNECT,
                     SNN_TIMER_VMPEAK_AFTER_EDGES, SNN_TIMER_VMRSS_AFTER_EDGES},
    [PHASE_PRESIM] = {"presim_time", SNN_TIMER_PRESIMULATE, SNN_TIMER_VMPEAK_AFTER_PRESIM,
                      SNN_TIMER_VMRSS_AFTER_PRESIM},
    [PHASE_SIM] = {"sim_time", SNN_TIMER_SIMULATE, SNN_TIMER_VMPEAK_AFTER_SIM,
                   SNN_TIMER_VMRSS_AFTER_SIM},
};

uint64_t snn_simulation_memory_bytes(const snn_config *cfg) {
    snn_derived d;
    snn_derive(cfg, &d);
    return snn_network_memory_estimate(cfg, &d, (int)cfg->values.simulation.threads,
                                       (int)cfg->values.simulation.ranks);
}

int snn_simulation_take_ranks(snn_config *cfg, const snn_comm *comm, char *err, size_t errlen) {
    const snn_param_desc *d = snn_param_find("simulation.ranks");
    if (cfg->values.simulation.ranks == comm->size) return SNN_OK;
    if (cfg->origin[d - snn_param_at(0)] == SNN_FROM_DEFAULT) {
        cfg->values.simulation.ranks = comm->size;
        return SNN_OK;
    }
    snprintf(err, errlen,
             "simulation.ranks = %lld, but %d rank%s started; start as many (mpiexec -n %lld) "
             "or leave simulation.ranks unset",
             (long long)cfg->values.simulation.ranks, comm->size,
             comm->size == 1 ? " was" : "s were", (long long)cfg->values.simulation.ranks);
    return SNN_ERR_PARAM;
}

int snn_simulation_fits_memory(const snn_config *cfg, int ranks_here, uint64_t *need,
                               uint64_t *available) {
    *need = snn_simulation_memory_bytes(cfg) * (uint64_t)ranks_here;
    *available = snn_sysinfo_available_bytes();
    return *available == 0 || *need <= *available;
}

static void log_value(const snn_simulation_options *opt, const char *key, double value) {
    snn_run_log(opt->log, opt->comm ? opt->comm->rank : 0, key, value);
}

static void log_phase(const snn_simulation_options *opt, const run_timers *t, int phase) {
    log_value(opt, phase_fields[phase].log_key, t->seconds[phase]);
    log_value(opt, snn_result_timer_fields[phase_fields[phase].vm_peak].name,
              (double)t->memory[phase].vm_peak_kb);
    log_value(opt, snn_result_timer_fields[phase_fields[phase].vm_rss].name,
              (double)t->memory[phase].vm_rss_kb);
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
                          snapshots *snaps, const snn_simulation_options *opt, double *recording,
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
        const double t0 = snn_sysinfo_seconds();
        if (status == SNN_OK) status = snapshot_if_due(net, s, snaps, err, errlen);
        if (snn_comm_any(&net->comm, status != SNN_OK) && status == SNN_OK) /* collective next */
            status = SNN_ERR_NOMEM;
        *recording += snn_sysinfo_seconds() - t0;
        if (status != SNN_OK) return status;
        snn_progress_update(&progress, (double)(net->step - start) * dt);
    }
    snn_progress_finish(&progress);
    return SNN_OK;
}

/* A phase fails for every rank when it fails for one, so that no rank waits for ever in the
 * next collective; the ranks that did not fail say that another one did. */
static int agree(const snn_comm *comm, int *status, char *err, size_t errlen) {
    if (snn_comm_any(comm, *status != SNN_OK) && *status == SNN_OK) {
        snprintf(err, errlen, "another rank failed (its message is above); rank %d stops",
                 comm->rank);
        *status = SNN_ERR_NOMEM;
    }
    return *status;
}

static int run_phases(snn_network *net, const snn_config *cfg, const snn_simulation_options *opt,
                      run_timers *t, snapshots *snaps, char *err, size_t errlen) {
    double t0 = snn_sysinfo_seconds();
    const snn_comm one = {.rank = 0, .size = 1, .node_size = 1, .mpi = 0};
    const snn_comm *comm = opt->comm ? opt->comm : &one;
    int status = snn_network_create_on(net, cfg, comm, err, errlen);
    if (agree(comm, &status, err, errlen) != SNN_OK) return status;
    t->seconds[PHASE_NODES] = snn_sysinfo_seconds() - t0;
    snn_sysinfo_memory(&t->memory[PHASE_NODES]);
    log_phase(opt, t, PHASE_NODES);

    t0 = snn_sysinfo_seconds();
    status = snn_network_connect(net, err, errlen);
    if (agree(comm, &status, err, errlen) != SNN_OK) return status;
    t->seconds[PHASE_EDGES] = snn_sysinfo_seconds() - t0;
    snn_sysinfo_memory(&t->memory[PHASE_EDGES]);
    log_phase(opt, t, PHASE_EDGES);

    schedule s;
    if ((status = make_schedule(net, &s)) != SNN_OK) return status;
    snaps->items = calloc(s.count, sizeof *snaps->items);
    if (!snaps->items) {
        status = SNN_ERR_NOMEM;
        goto done;
    }
    if ((status = snapshot_if_due(net, &s, snaps, err, errlen)) != SNN_OK) goto done;

    double recording = 0;
    t0 = snn_sysinfo_seconds();
    status = simulate_phase(net, net->d.presim_steps, "presimulation", &s, snaps, opt, &recording,
                            err, errlen);
    if (status != SNN_OK) goto done;
    t->seconds[PHASE_PRESIM] = snn_sysinfo_seconds() - t0 - recording;
    t->weight_snapshots = recording;
    snn_sysinfo_memory(&t->memory[PHASE_PRESIM]);
    log_phase(opt, t, PHASE_PRESIM);

    const snn_sim_timers before = net->timers;
    const uint64_t events_before = snn_network_events(net);
    recording = 0;
    t0 = snn_sysinfo_seconds();
    status = simulate_phase(net, net->d.sim_steps, "simulation", &s, snaps, opt, &recording, err,
                            errlen);
    if (status != SNN_OK) goto done;
    t->seconds[PHASE_SIM] = snn_sysinfo_seconds() - t0 - recording;
    t->weight_snapshots += recording;
    snn_sysinfo_memory(&t->memory[PHASE_SIM]);
    log_phase(opt, t, PHASE_SIM);
    t->sim.time_update = net->timers.time_update - before.time_update;
    t->sim.time_gather_spike_data =
        net->timers.time_gather_spike_data - before.time_gather_spike_data;
    t->sim.time_deliver_spike_data =
        net->timers.time_deliver_spike_data - before.time_deliver_spike_data;
    t->sim.time_communicate_spike_data =
        net->timers.time_communicate_spike_data - before.time_communicate_spike_data;
    t->sim.time_mpi_synchronization =
        net->timers.time_mpi_synchronization - before.time_mpi_synchronization;
    t->events_total = snn_network_events(net);
    t->events_sim = t->events_total - events_before;
done:
    free(s.steps);
    return status;
}

/* The whole run's figures from every rank's: events and memory added, times and memory
 * peaks the slowest or largest rank's (the run takes as long as its slowest rank). */
static void combine_ranks(const snn_comm *comm, run_timers *t, uint64_t *hwm_sum) {
    *hwm_sum = t->memory[PHASE_SIM].vm_hwm_kb;
    if (comm->size == 1) return;
    uint64_t sums[3] = {t->events_sim, t->events_total, *hwm_sum};
    snn_comm_sum_u64(comm, sums, 3);
    t->events_sim = sums[0], t->events_total = sums[1], *hwm_sum = sums[2];
    double most[PHASES * 4 + 6];
    for (int p = 0; p < PHASES; p++) {
        most[4 * p] = t->seconds[p];
        most[4 * p + 1] = (double)t->memory[p].vm_peak_kb;
        most[4 * p + 2] = (double)t->memory[p].vm_rss_kb;
        most[4 * p + 3] = (double)t->memory[p].vm_hwm_kb;
    }
    most[4 * PHASES] = t->sim.time_update;
    most[4 * PHASES + 1] = t->sim.time_gather_spike_data;
    most[4 * PHASES + 2] = t->sim.time_deliver_spike_data;
    most[4 * PHASES + 3] = t->weight_snapshots;
    most[4 * PHASES + 4] = t->sim.time_communicate_spike_data;
    most[4 * PHASES + 5] = t->sim.time_mpi_synchronization;
    snn_comm_max_double(comm, most, PHASES * 4 + 6);
    for (int p = 0; p < PHASES; p++) {
        t->seconds[p] = most[4 * p];
        t->memory[p].vm_peak_kb = (uint64_t)most[4 * p + 1];
        t->memory[p].vm_rss_kb = (uint64_t)most[4 * p + 2];
        t->memory[p].vm_hwm_kb = (uint64_t)most[4 * p + 3];
    }
    t->sim.time_update = most[4 * PHASES];
    t->sim.time_gather_spike_data = most[4 * PHASES + 1];
    t->sim.time_deliver_spike_data = most[4 * PHASES + 2];
    t->weight_snapshots = most[4 * PHASES + 3];
    t->sim.time_communicate_spike_data = most[4 * PHASES + 4];
    t->sim.time_mpi_synchronization = most[4 * PHASES + 5];
}

/* Where every rank ran: its host, how many CPUs it may use (1 when a launcher bound it to
 * one core, which would starve its threads) and the E->E row loop it picked for its CPU,
 * each joined in rank order. */
static void gather_placement(const snn_network *net, char *hosts, size_t hosts_len, char *cpus,
                             size_t cpus_len, char *row_loops, size_t row_loops_len) {
    const snn_comm *comm = &net->comm;
    char host[SNN_COMM_TEXT] = "unknown", allowed[SNN_COMM_TEXT] = "unknown";
    gethostname(host, sizeof host - 1);
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        snprintf(allowed, sizeof allowed, "%d", CPU_COUNT(&set));
    snn_comm_allgather_text(comm, host, hosts, hosts_len);
    snn_comm_allgather_text(comm, allowed, cpus, cpus_len);
    snn_comm_allgather_text(comm, net->ee->row_loop ? net->ee->row_loop(net) : "scalar", row_loops,
                            row_loops_len);
}

/* Before the ranks' figures are combined: each rank's own, for /timers/ranks. */
static void gather_rank_timers(const snn_comm *comm, const run_timers *t, double *per_rank,
                               snn_result_record *rec) {
    const double mine[SNN_RANK_TIMERS] = {
        t->seconds[PHASE_SIM],          t->sim.time_update,
        t->sim.time_gather_spike_data,  t->sim.time_communicate_spike_data,
        t->sim.time_deliver_spike_data, (double)t->memory[PHASE_SIM].vm_hwm_kb,
        t->sim.time_mpi_synchronization};
    for (int i = 0; i < SNN_RANK_TIMERS; i++) {
        snn_comm_allgather_double(comm, mine[i], per_rank + (size_t)i * (size_t)comm->size);
        rec->rank_timers[i] = per_rank + (size_t)i * (size_t)comm->size;
    }
}

/* The figures of the run, each computed once, in the result format's fields. */
static void fill_timers(const snn_network *net, run_timers *t, double *v) {
    const double simtime_s = net->cfg.values.simulation.simtime / 1000.0;
    uint64_t hwm_sum;
    combine_ranks(&net->comm, t, &hwm_sum);
    for (int p = 0; p < PHASES; p++) {
        v[phase_fields[p].time] = t->seconds[p];
        v[phase_fields[p].vm_peak] = (double)t->memory[p].vm_peak_kb;
        v[phase_fields[p].vm_rss] = (double)t->memory[p].vm_rss_kb;
    }
    v[SNN_TIMER_UPDATE] = t->sim.time_update;
    v[SNN_TIMER_GATHER_SPIKE_DATA] = t->sim.time_gather_spike_data;
    v[SNN_TIMER_DELIVER_SPIKE_DATA] = t->sim.time_deliver_spike_data;
    v[SNN_TIMER_WEIGHT_SNAPSHOTS] = t->weight_snapshots;
    v[SNN_TIMER_BIOLOGICAL_TIME] = (double)net->step * net->cfg.values.simulation.dt;
    v[SNN_TIMER_VMHWM] = (double)t->memory[PHASE_SIM].vm_hwm_kb;
    v[SNN_TIMER_NUM_CONNECTIONS] = (double)net->d.synapses;
    /* every rank's peak together, over every synapse */
    v[SNN_TIMER_BYTES_PER_SYNAPSE] = (double)hwm_sum * 1024.0 / (double)net->d.synapses;
    v[SNN_TIMER_SYNAPTIC_EVENTS_SIM] = (double)t->events_sim;
    v[SNN_TIMER_SYNAPTIC_EVENTS_TOTAL] = (double)t->events_total;
    v[SNN_TIMER_EVENTS_PER_SECOND] = (double)t->events_sim / t->seconds[PHASE_SIM];
    v[SNN_TIMER_RTF] = t->seconds[PHASE_SIM] / simtime_s;
    v[SNN_TIMER_COMMUNICATE_SPIKE_DATA] = t->sim.time_communicate_spike_data;
    v[SNN_TIMER_MPI_SYNCHRONIZATION] = t->sim.time_mpi_synchronization;
}

static void fill_derived(const snn_derived *d, double *v) {
    v[SNN_DERIVED_N_E] = (double)d->N_E, v[SNN_DERIVED_N_I] = (double)d->N_I;
    v[SNN_DERIVED_CE] = (double)d->CE, v[SNN_DERIVED_CI] = (double)d->CI;
    v[SNN_DERIVED_NREC] = (double)d->nrec, v[SNN_DERIVED_NREC_I] = (double)d->nrec_I;
    v[SNN_DERIVED_J_E_PA] = d->J_E_pA, v[SNN_DERIVED_J_I_PA] = d->J_I_pA;
    v[SNN_DERIVED_POISSON_RATE_HZ] = d->poisson_rate_hz;
    v[SNN_DERIVED_SYNAPSES_PLASTIC] = (double)d->synapses_plastic;
    v[SNN_DERIVED_SYNAPSES] = (double)d->synapses;
}

/* The recorded spikes of a population as times (ms) and population-local ids. */
static int fill_spikes(const snn_spike_list *list, int64_t first_gid, int64_t recorded, double dt,
                       snn_result_spikes *out) {
    const size_t n = list->count;
    double *t = malloc((n + 1) * sizeof *t);
    uint64_t *id = malloc((n + 1) * sizeof *id);
    *out = (snn_result_spikes){first_gid, recorded, n, t, id};
    if (!t || !id) return SNN_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)list->items[i].stamp * dt;
        id[i] = (uint64_t)((int64_t)list->items[i].gid - first_gid);
    }
    return SNN_OK;
}

static void log_figures(const snn_network *net, const snn_result_record *rec,
                        const snn_simulation_options *opt) {
    const snn_params *p = &net->cfg.values;
    const double *v = rec->timers;
    const double nrec = (double)net->d.nrec, simtime_s = p->simulation.simtime / 1000.0;
    const uint64_t rec_sim = snn_network_recorded_between(net, net->d.presim_steps, net->step);
    log_value(opt, "num_connections", v[SNN_TIMER_NUM_CONNECTIONS]);
    /* the seed's formula: every recorded spike since t = 0, over the simulation time only */
    log_value(opt, "average_rate", nrec > 0 ? (double)net->recorded.count / (nrec * simtime_s) : 0);
    log_value(opt, "rate_sim", nrec > 0 ? (double)rec_sim / (nrec * simtime_s) : 0);
    const int fields[] = {SNN_TIMER_RTF,
                          SNN_TIMER_UPDATE,
                          SNN_TIMER_GATHER_SPIKE_DATA,
                          SNN_TIMER_DELIVER_SPIKE_DATA,
                          SNN_TIMER_COMMUNICATE_SPIKE_DATA,
                          SNN_TIMER_MPI_SYNCHRONIZATION,
                          SNN_TIMER_SYNAPTIC_EVENTS_SIM,
                          SNN_TIMER_EVENTS_PER_SECOND};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        log_value(opt, snn_result_timer_fields[fields[i]].name, v[fields[i]]);
    log_value(opt, "spikes_total", (double)(net->spikes_E + net->spikes_I));
    const int memory[] = {SNN_TIMER_WEIGHT_SNAPSHOTS, SNN_TIMER_VMHWM, SNN_TIMER_BYTES_PER_SYNAPSE};
    for (size_t i = 0; i < sizeof memory / sizeof memory[0]; i++)
        log_value(opt, snn_result_timer_fields[memory[i]].name, v[memory[i]]);
    if (rec->n_snapshots > 0) {
        const snn_weight_snapshot *w = &rec->snapshots[rec->n_snapshots - 1];
        log_value(opt, "weight_mean", w->mean);
        log_value(opt, "weight_std", w->std);
    }
}

/* This rank's own share, before the figures are combined over ranks: its synapses, its
 * peak and what the estimate said of it. */
static void log_rank_memory(const snn_network *net, const snn_simulation_options *opt) {
    snn_sysinfo_memory_status now;
    snn_sysinfo_memory(&now);
    snn_memory_estimate e;
    snn_memory_estimate_rank(&net->cfg, &net->d, net->n_local_vp, net->comm.size, net->comm.rank,
                             &e);
    log_value(opt, "local_connections", (double)snn_network_local_synapses(net));
    log_value(opt, "local_synapse_bytes", (double)snn_network_synapse_bytes(net));
    log_value(opt, "local_VmHWM", (double)now.vm_hwm_kb);
    log_value(opt, "local_memory_estimate", (double)e.peak / 1024.0);
}

/* The libraries this run used, at the versions it ran with (provenance). */
static void describe_libraries(char *buf, size_t len, const char *mpi_library) {
    unsigned major, minor, release;
    H5get_libversion(&major, &minor, &release);
    snprintf(buf, len, "HDF5 %u.%u.%u, GSL %s, OpenMP %d, %s", major, minor, release, gsl_version,
             _OPENMP, strcmp(mpi_library, "none") ? mpi_library : "no MPI");
}

int snn_simulation_run(const snn_config *cfg, const snn_simulation_options *opt) {
    char err[2 * PATH_MAX + 512] = ""; /* room for whole paths */
    snn_network net;
    run_timers timers = {0};
    snn_result_record rec = {.cfg = cfg, .command_line = opt->command_line};
    char mpi_library[256];
    snn_comm_library(mpi_library, sizeof mpi_library);
    rec.mpi_library = mpi_library;
    char libraries[512];
    describe_libraries(libraries, sizeof libraries, mpi_library);
    rec.libraries = libraries;
    snapshots snaps = {0};
    float *sample = NULL;
    double *per_rank = NULL;
    char rank_hosts[4096], rank_cpus[1024], rank_row_loops[16384];
    snn_sysinfo_utc_now(rec.start_time, sizeof rec.start_time);
    int status = run_phases(&net, cfg, opt, &timers, &snaps, err, sizeof err);
    if (status == SNN_OK) {
        log_rank_memory(&net, opt);
        rec.snapshots = snaps.items;
        rec.n_snapshots = snaps.count;
        rec.n_sample = (uint64_t)cfg->values.simulation.weight_sample;
        sample = malloc((rec.n_sample + 1) * sizeof *sample);
        per_rank = malloc((size_t)SNN_RANK_TIMERS * (size_t)net.comm.size * sizeof *per_rank);
        /* the steps below are collective: every rank goes on, or none */
        if (snn_comm_any(&net.comm, !sample || !per_rank)) status = SNN_ERR_NOMEM;
    }
    if (status == SNN_OK && snn_weight_sample(&net, rec.n_sample, sample) != SNN_OK) {
        snprintf(err, sizeof err, "out of memory for the weight sample's draws");
        status = SNN_ERR_NOMEM;
    }
    if (status == SNN_OK) {
        const double dt = cfg->values.simulation.dt;
        rec.sample = sample;
        rec.threads = net.n_local_vp;
        rec.ranks = net.comm.size;
        rec.presim_end_ms = (double)net.d.presim_steps * dt;
        rec.sim_end_ms = (double)(net.d.presim_steps + net.d.sim_steps) * dt;
        gather_rank_timers(&net.comm, &timers, per_rank, &rec);
        gather_placement(&net, rank_hosts, sizeof rank_hosts, rank_cpus, sizeof rank_cpus,
                         rank_row_loops, sizeof rank_row_loops);
        rec.rank_hosts = rank_hosts, rec.rank_cpus = rank_cpus, rec.rank_row_loops = rank_row_loops;
        fill_timers(&net, &timers, rec.timers);
        fill_derived(&net.d, rec.derived);
        status = fill_spikes(&net.recorded, 0, net.d.nrec, dt, &rec.spikes[SNN_POP_E]);
        if (status == SNN_OK)
            status =
                fill_spikes(&net.recorded_I, net.d.N_E, net.d.nrec_I, dt, &rec.spikes[SNN_POP_I]);
    }
    if (status == SNN_OK) {
        log_figures(&net, &rec, opt);
        snn_sysinfo_utc_now(rec.end_time, sizeof rec.end_time);
        if (opt->result) status = snn_result_write(opt->result, &rec, err, sizeof err);
    }
    if (status != SNN_OK && net.comm.size > 1) /* which rank, where it is one of several */
        fprintf(stderr, "snnbench sim: rank %d of %d: %s\n", net.comm.rank, net.comm.size,
                err[0] ? err : "out of memory");
    else if (status != SNN_OK)
        fprintf(stderr, "snnbench sim: %s\n", err[0] ? err : "out of memory");
    for (int p = 0; p < SNN_POPULATIONS; p++) {
        free((void *)rec.spikes[p].t_ms);
        free((void *)rec.spikes[p].node_ids);
    }
    for (size_t i = 0; i < snaps.count; i++)
        snn_weight_snapshot_free(&snaps.items[i]);
    free(snaps.items);
    free(sample);
    free(per_rank);
    snn_network_free(&net);
    return status;
}
