/* snn_import_nest: NEST's hpc_benchmark output as an snnbench result (see import_nest.h).
 *
 * What NEST writes: the script's logger, log_<rank>.dat, lines "<line> <rank> <value> #
 * <key>" (keys may hold spaces: "average rate"; memory as virt_mem_* in kB, the process's
 * VmSize); and the spike recorder's ASCII backend, <label>-<recorder id>-<vp>.dat, one file
 * per VP: "#" lines (NEST's version, the backend's), a "sender<TAB>time_ms" header, one
 * spike per line, node ids from 1 (E neurons 1..N_E), unsorted across files. The ASCII
 * backend rewrites its files at every Simulate call, so they hold the simulation phase
 * only. What cannot be recovered (weights, resident memory, the presimulation's spikes,
 * the network's size) is said in the file's provenance (not_recovered); the size comes from
 * the request, the seed's by default. */
#define _GNU_SOURCE
#include "snn/import_nest.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/derived.h"
#include "snn/error.h"
#include "snn/output_file.h"
#include "snn/params.h"
#include "snn/result_format.h"
#include "snn/result_writer.h"

void snn_import_nest_defaults(snn_import_nest_request *r) {
    *r = (snn_import_nest_request){
        .scale = 1.0, .presimtime_ms = 50.0, .simtime_ms = 250.0, .nrec = 1000};
}

typedef struct {
    uint64_t sender;
    double t_ms;
} nest_spike;

typedef struct {
    nest_spike *items;
    size_t n, cap;
    int files, ranks;
    char version[64]; /* from "# NEST version: X" */
    /* the logger's values of rank 0, by key; NAN where absent */
    double build_nodes, build_edges, presim, sim, average_rate;
    double virt_mem[5]; /* _0, _after_nodes, _after_edges, _after_presim, _after_sim */
} nest_run;

static int spike_push(nest_run *run, nest_spike s) {
    if (run->n == run->cap) {
        const size_t cap = run->cap ? 2 * run->cap : 4096;
        nest_spike *grown = realloc(run->items, cap * sizeof *grown);
        if (!grown) return SNN_ERR_NOMEM;
        run->items = grown, run->cap = cap;
    }
    run->items[run->n++] = s;
    return SNN_OK;
}

/* "<label>-<id>-<vp>.dat": a spike file (the label may hold '-' and '.') */
static int is_spike_file(const char *name) {
    const size_t n = strlen(name);
    if (n < 9 || strcmp(name + n - 4, ".dat") != 0 || strncmp(name, "log_", 4) == 0) return 0;
    const char *vp = name + n - 4;
    while (vp > name && vp[-1] >= '0' && vp[-1] <= '9')
        vp--;
    if (vp == name + n - 4 || vp == name || vp[-1] != '-') return 0;
    const char *id = vp - 1;
    while (id > name && id[-1] >= '0' && id[-1] <= '9')
        id--;
    return id != vp - 1 && id > name && id[-1] == '-';
}

static int is_log_file(const char *name) {
    const size_t n = strlen(name);
    return strncmp(name, "log_", 4) == 0 && n > 8 && strcmp(name + n - 4, ".dat") == 0 &&
           strspn(name + 4, "0123456789") == n - 8;
}

static int read_log(const char *path, nest_run *run, char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return SNN_ERR_IO;
    }
    char line[1024];
    int status = SNN_OK;
    for (long no = 1; status == SNN_OK && fgets(line, sizeof line, f); no++) {
        long long index, rank;
        double value;
        int used = 0;
        if (strspn(line, " \t\r\n") == strlen(line)) continue;
        if (sscanf(line, "%lld %lld %lf # %n", &index, &rank, &value, &used) != 3 || used == 0) {
            snprintf(err, errlen,
                     "%s:%ld: not a logger line '<line> <rank> <value> # <key>': %.60s", path, no,
                     line);
            status = SNN_ERR_FORMAT;
            break;
        }
        char key[256];
        snprintf(key, sizeof key, "%s", line + used);
        for (size_t k = strlen(key); k > 0 && strchr(" \t\r\n", key[k - 1]); k--)
            key[k - 1] = '\0';
        if (rank != 0) continue; /* the run's figures: rank 0's, as the seed reports them */
        const struct {
            const char *key;
            double *dst;
        } known[] = {{"build_time_nodes", &run->build_nodes},
                     {"build_edge_time", &run->build_edges},
                     {"presim_time", &run->presim},
                     {"sim_time", &run->sim},
                     {"average rate", &run->average_rate},
                     {"virt_mem_0", &run->virt_mem[0]},
                     {"virt_mem_after_nodes", &run->virt_mem[1]},
                     {"virt_mem_after_edges", &run->virt_mem[2]},
                     {"virt_mem_after_presim", &run->virt_mem[3]},
                     {"virt_mem_after_sim", &run->virt_mem[4]}};
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            if (strcmp(key, known[k].key) == 0) *known[k].dst = value;
    }
    fclose(f);
    return status;
}

static int read_spike_file(const char *path, nest_run *run, char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return SNN_ERR_IO;
    }
    char line[512];
    int header = 0, status = SNN_OK;
    long no = 0;
    while (status == SNN_OK && fgets(line, sizeof line, f)) {
        no++;
        if (line[0] == '#') {
            const char *v = strstr(line, "NEST version:");
            if (v && !run->version[0]) {
                snprintf(run->version, sizeof run->version, "%s", v + 13 + strspn(v + 13, " "));
                run->version[strcspn(run->version, "\r\n")] = '\0';
            }
            continue;
        }
        if (!header) {
            if (strncmp(line, "sender\ttime_ms", 14) != 0) {
                snprintf(err, errlen, "%s:%ld: expected the header 'sender<TAB>time_ms', got %.60s",
                         path, no, line);
                status = SNN_ERR_FORMAT;
            }
            header = 1;
            continue;
        }
        unsigned long long sender;
        double t;
        char rest[8];
        if (sscanf(line, "%llu %lf %7s", &sender, &t, rest) != 2 || sender == 0 || !isfinite(t) ||
            t < 0) {
            snprintf(err, errlen, "%s:%ld: not a spike '<sender><TAB><time_ms>': %.60s", path, no,
                     line);
            status = SNN_ERR_FORMAT;
        } else {
            status = spike_push(run, (nest_spike){sender, t});
            if (status != SNN_OK) snprintf(err, errlen, "%s: out of memory", path);
        }
    }
    if (status == SNN_OK && !header) {
        snprintf(err, errlen, "%s: no 'sender<TAB>time_ms' header (an empty or cut file?)", path);
        status = SNN_ERR_FORMAT;
    }
    fclose(f);
    return status;
}

static int by_time(const void *a, const void *b) {
    const nest_spike *x = a, *y = b;
    if (x->t_ms != y->t_ms) return x->t_ms < y->t_ms ? -1 : 1;
    return x->sender < y->sender ? -1 : x->sender > y->sender;
}

static int read_run(const char *dir, nest_run *run, char *err, size_t errlen) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return SNN_ERR_IO;
    }
    int status = SNN_OK;
    for (struct dirent *e; status == SNN_OK && (e = readdir(d));) {
        char path[8192];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        if (is_log_file(e->d_name)) {
            run->ranks++;
            status = read_log(path, run, err, errlen);
        } else if (is_spike_file(e->d_name)) {
            run->files++;
            status = read_spike_file(path, run, err, errlen);
        }
    }
    closedir(d);
    if (status != SNN_OK) return status;
    if (run->ranks == 0) {
        snprintf(err, errlen,
                 "%s: no logger file log_<rank>.dat (is this NEST's hpc_benchmark "
                 "output folder?)",
                 dir);
        return SNN_ERR_FORMAT;
    }
    if (run->files == 0) {
        snprintf(err, errlen,
                 "%s: no spike file <label>-<id>-<vp>.dat (record_spikes off in the script?)", dir);
        return SNN_ERR_FORMAT;
    }
    if (isnan(run->build_edges) || isnan(run->sim)) {
        snprintf(err, errlen, "%s/log_*.dat: rank 0 logged no %s", dir,
                 isnan(run->build_edges) ? "build_edge_time" : "sim_time");
        return SNN_ERR_FORMAT;
    }
    qsort(run->items, run->n, sizeof *run->items, by_time);
    return SNN_OK;
}

int snn_import_nest(const snn_import_nest_request *q, char *err, size_t errlen) {
    nest_run run = {
        .build_nodes = NAN, .build_edges = NAN, .presim = NAN, .sim = NAN, .average_rate = NAN};
    for (int k = 0; k < 5; k++)
        run.virt_mem[k] = NAN;
    int status = read_run(q->dir, &run, err, errlen);
    snn_config cfg;
    snn_config_defaults(&cfg);
    char value[64];
    const struct {
        const char *key;
        double v;
    } set[] = {{"simulation.scale", q->scale},
               {"simulation.presimtime", q->presimtime_ms},
               {"simulation.simtime", q->simtime_ms},
               {"simulation.nrec", (double)q->nrec},
               {"simulation.nrec_I", 0},
               {"simulation.threads", run.ranks ? (double)(run.files / run.ranks) : 1},
               {"simulation.ranks", run.ranks ? run.ranks : 1}};
    for (size_t i = 0; status == SNN_OK && i < sizeof set / sizeof set[0]; i++) {
        snprintf(value, sizeof value, "%.17g", set[i].v);
        status = snn_config_set(&cfg, set[i].key, value, SNN_FROM_SET, err, errlen);
    }
    snn_derived d = {0};
    if (status == SNN_OK) status = snn_config_validate(&cfg, err, errlen);
    if (status == SNN_OK) snn_derive(&cfg, &d);
    /* E neurons are NEST's node ids 1..N_E: population-local ids from 0 */
    double *t_ms = malloc((run.n + 1) * sizeof *t_ms);
    uint64_t *ids = malloc((run.n + 1) * sizeof *ids);
    size_t n = 0;
    if (status == SNN_OK && (!t_ms || !ids)) status = SNN_ERR_NOMEM;
    for (size_t i = 0; status == SNN_OK && i < run.n; i++) {
        if (run.items[i].sender > (uint64_t)d.nrec) {
            snprintf(err, errlen,
                     "%s: a spike of node %llu, but the recorded neurons are 1 to %lld "
                     "(--nrec, default the seed's 1000)",
                     q->dir, (unsigned long long)run.items[i].sender, (long long)d.nrec);
            status = SNN_ERR_FORMAT;
        }
        t_ms[n] = run.items[i].t_ms, ids[n++] = run.items[i].sender - 1;
    }
    const double presim_end = q->presimtime_ms, sim_end = q->presimtime_ms + q->simtime_ms;
    if (status == SNN_OK && n > 0 &&
        (t_ms[0] < presim_end - 1e-9 || t_ms[n - 1] > sim_end + 1e-9)) {
        snprintf(err, errlen,
                 "%s: spikes from %.3f to %.3f ms, outside the simulation phase (%g, %g] ms; "
                 "give --presimtime and --simtime of the run",
                 q->dir, t_ms[0], t_ms[n - 1], presim_end, sim_end);
        status = SNN_ERR_FORMAT;
    }
    if (status == SNN_OK) {
        snn_result_record rec = {.cfg = &cfg,
                                 .threads = cfg.values.simulation.threads,
                                 .ranks = cfg.values.simulation.ranks,
                                 .mpi_library = "unknown",
                                 .rank_hosts = "unknown",
                                 .rank_cpus = "unknown",
                                 .command_line = q->command_line};
        for (int i = 0; i < SNN_TIMER_FIELDS; i++)
            rec.timers[i] = NAN;
        rec.timers[SNN_TIMER_CONSTRUCTION_CREATE] = run.build_nodes;
        rec.timers[SNN_TIMER_CONSTRUCTION_CONNECT] = run.build_edges;
        rec.timers[SNN_TIMER_PRESIMULATE] = run.presim;
        rec.timers[SNN_TIMER_SIMULATE] = run.sim;
        rec.timers[SNN_TIMER_BIOLOGICAL_TIME] = sim_end;
        rec.timers[SNN_TIMER_RTF] = run.sim / (q->simtime_ms / 1000.0);
        rec.timers[SNN_TIMER_NUM_CONNECTIONS] = (double)d.synapses;
        /* NEST's virt_mem_after_* are VmSize at the end of a phase: the comparable figure is
         * our VmPeak_after_* (VmSize's high-water mark), never a resident size */
        const int vm[] = {SNN_TIMER_VMPEAK_AFTER_NODES, SNN_TIMER_VMPEAK_AFTER_EDGES,
                          SNN_TIMER_VMPEAK_AFTER_PRESIM, SNN_TIMER_VMPEAK_AFTER_SIM};
        for (int k = 0; k < 4; k++)
            rec.timers[vm[k]] = run.virt_mem[k + 1];
        rec.derived[SNN_DERIVED_N_E] = (double)d.N_E, rec.derived[SNN_DERIVED_N_I] = (double)d.N_I;
        rec.derived[SNN_DERIVED_CE] = (double)d.CE, rec.derived[SNN_DERIVED_CI] = (double)d.CI;
        rec.derived[SNN_DERIVED_NREC] = (double)d.nrec, rec.derived[SNN_DERIVED_NREC_I] = 0;
        rec.derived[SNN_DERIVED_J_E_PA] = d.J_E_pA, rec.derived[SNN_DERIVED_J_I_PA] = d.J_I_pA;
        rec.derived[SNN_DERIVED_POISSON_RATE_HZ] = d.poisson_rate_hz;
        rec.derived[SNN_DERIVED_SYNAPSES_PLASTIC] = (double)d.synapses_plastic;
        rec.derived[SNN_DERIVED_SYNAPSES] = (double)d.synapses;
        rec.presim_end_ms = presim_end, rec.sim_end_ms = sim_end;
        rec.spikes[SNN_POP_E] = (snn_result_spikes){0, d.nrec, n, t_ms, ids};
        rec.spikes[SNN_POP_I] = (snn_result_spikes){d.N_E, 0, 0, t_ms, ids};
        char simulator[96];
        snprintf(simulator, sizeof simulator, "NEST %s", run.version[0] ? run.version : "unknown");
        rec.simulator = simulator;
        rec.not_recovered =
            "E->E weights (no histograms, no sample); resident memory (NEST logs VmSize: it "
            "stands in VmPeak_after_*, VmRSS and VmHWM are absent); the presimulation's spikes "
            "(NEST's ASCII files hold the last Simulate call only); synaptic events; per-rank "
            "timers; the network's size and phases (from the import's options)";
        snprintf(rec.start_time, sizeof rec.start_time, "unknown");
        snprintf(rec.end_time, sizeof rec.end_time, "unknown");
        snn_output_file out;
        status = snn_output_begin(&out, q->output, q->overwrite, err, errlen);
        if (status == SNN_OK) status = snn_result_write(&out, &rec, err, errlen);
    }
    free(t_ms);
    free(ids);
    free(run.items);
    return status;
}
