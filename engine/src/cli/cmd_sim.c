/* snnbench sim: the seed's benchmark, logged as "<rank> <value> # <key>" lines. */
#include "cmd_sim.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "snn/derived.h"
#include "snn/error.h"
#include "snn/network.h"
#include "snn/sysinfo.h"

static void usage(FILE *out) {
    fprintf(out, "usage: snnbench sim [options]\n"
                 "  --scale X          simulation.scale (default 1)\n"
                 "  --threads N        simulation.threads (default 1)\n"
                 "  --seed S           simulation.seed\n"
                 "  --presimtime MS    simulation.presimtime (default 50)\n"
                 "  --simtime MS       simulation.simtime (default 250)\n"
                 "  --set KEY=VALUE    any parameter (see --print-config), repeatable\n"
                 "  --print-config     print every parameter and derived quantity, run nothing\n"
                 "  --log FILE         also write the log lines to FILE\n"
                 "                     (default results/runs/sim-<scale>-<threads>t-<time>.log)\n"
                 "  --no-log           write the log to stdout only\n");
}

typedef struct {
    FILE *file;
} logger;

static void log_value(logger *lg, const char *key, double value) {
    char line[256];
    snprintf(line, sizeof line, "0 %.10g # %s\n", value, key);
    fputs(line, stdout);
    fflush(stdout);
    if (lg->file) {
        fputs(line, lg->file);
        fflush(lg->file);
    }
}

static void log_memory(logger *lg, const char *phase) {
    snn_memory_status m;
    if (snn_memory_read(&m) != SNN_OK) return;
    char key[64];
    snprintf(key, sizeof key, "VmPeak_after_%s", phase);
    log_value(lg, key, (double)m.vm_peak_kb);
    snprintf(key, sizeof key, "VmRSS_after_%s", phase);
    log_value(lg, key, (double)m.vm_rss_kb);
}

static int open_default_log(const snn_params *p, logger *lg) {
    if (mkdir("results", 0777) != 0 && errno != EEXIST) return SNN_ERR_IO;
    if (mkdir("results/runs", 0777) != 0 && errno != EEXIST) return SNN_ERR_IO;
    char stamp[32], path[256];
    const time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
    snprintf(path, sizeof path, "results/runs/sim-s%g-%lldt-%s.log", p->simulation.scale,
             (long long)p->simulation.threads, stamp);
    lg->file = fopen(path, "w");
    if (!lg->file) return SNN_ERR_IO;
    fprintf(stderr, "log: %s\n", path);
    return SNN_OK;
}

static int run(const snn_config *cfg, logger *lg) {
    char err[512];
    snn_network net;
    const double t0 = snn_wall_seconds();
    int status = snn_network_create(&net, cfg, err, sizeof err);
    const double t1 = snn_wall_seconds();
    if (status == SNN_OK) {
        log_value(lg, "build_time_nodes", t1 - t0);
        log_memory(lg, "nodes");
        status = snn_network_connect(&net, err, sizeof err);
    }
    const double t2 = snn_wall_seconds();
    if (status == SNN_OK) {
        log_value(lg, "build_edge_time", t2 - t1);
        log_memory(lg, "edges");
        status = snn_network_simulate(&net, net.d.presim_steps, err, sizeof err);
    }
    const double t3 = snn_wall_seconds();
    const snn_sim_timers presim_timers = net.timers;
    const uint64_t presim_events = status == SNN_OK ? snn_network_events(&net) : 0;
    if (status == SNN_OK) {
        log_value(lg, "presim_time", t3 - t2);
        log_memory(lg, "presim");
        status = snn_network_simulate(&net, net.d.sim_steps, err, sizeof err);
    }
    const double t4 = snn_wall_seconds();
    if (status != SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        snn_network_free(&net);
        return status;
    }
    const snn_params *p = &cfg->values;
    const double sim_time = t4 - t3;
    log_value(lg, "sim_time", sim_time);
    log_memory(lg, "sim");
    log_value(lg, "num_connections", (double)net.d.synapses);
    const double nrec = (double)net.d.nrec;
    const uint64_t rec_all = net.recorded.count;
    const uint64_t rec_sim = snn_network_recorded_between(&net, net.d.presim_steps, net.step);
    /* the seed's formula: every recorded spike since t = 0, over the simulation time only */
    log_value(lg, "average_rate",
              nrec > 0 ? (double)rec_all / (nrec * p->simulation.simtime / 1000.0) : 0);
    log_value(lg, "rate_sim",
              nrec > 0 ? (double)rec_sim / (nrec * p->simulation.simtime / 1000.0) : 0);
    log_value(lg, "rtf", sim_time / (p->simulation.simtime / 1000.0));
    log_value(lg, "time_update", net.timers.time_update - presim_timers.time_update);
    log_value(lg, "time_gather_spike_data",
              net.timers.time_gather_spike_data - presim_timers.time_gather_spike_data);
    log_value(lg, "time_deliver_spike_data",
              net.timers.time_deliver_spike_data - presim_timers.time_deliver_spike_data);
    const uint64_t sim_events = snn_network_events(&net) - presim_events;
    log_value(lg, "synaptic_events_sim", (double)sim_events);
    log_value(lg, "events_per_second", (double)sim_events / sim_time);
    log_value(lg, "spikes_total", (double)(net.spikes_E + net.spikes_I));
    snn_memory_status m;
    if (snn_memory_read(&m) == SNN_OK) {
        log_value(lg, "VmHWM", (double)m.vm_hwm_kb);
        log_value(lg, "bytes_per_synapse", (double)m.vm_hwm_kb * 1024.0 / (double)net.d.synapses);
    }
    snn_network_free(&net);
    return SNN_OK;
}

int snn_cmd_sim(int argc, char **argv) {
    enum { OPT_SET = 256, OPT_PRINT, OPT_LOG, OPT_NO_LOG };
    static const struct option options[] = {{"scale", required_argument, 0, 's'},
                                            {"threads", required_argument, 0, 't'},
                                            {"seed", required_argument, 0, 'r'},
                                            {"presimtime", required_argument, 0, 'p'},
                                            {"simtime", required_argument, 0, 'T'},
                                            {"set", required_argument, 0, OPT_SET},
                                            {"print-config", no_argument, 0, OPT_PRINT},
                                            {"log", required_argument, 0, OPT_LOG},
                                            {"no-log", no_argument, 0, OPT_NO_LOG},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    snn_config cfg;
    snn_config_defaults(&cfg);
    int print_only = 0, no_log = 0;
    const char *log_path = NULL;
    char err[512];
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        const char *key = NULL;
        switch (opt) {
        case 's':
            key = "simulation.scale";
            break;
        case 't':
            key = "simulation.threads";
            break;
        case 'r':
            key = "simulation.seed";
            break;
        case 'p':
            key = "simulation.presimtime";
            break;
        case 'T':
            key = "simulation.simtime";
            break;
        case OPT_SET:
            if (snn_config_assign(&cfg, optarg, SNN_FROM_SET, err, sizeof err) != SNN_OK) {
                fprintf(stderr, "snnbench sim: %s\n", err);
                return 2;
            }
            continue;
        case OPT_PRINT:
            print_only = 1;
            continue;
        case OPT_LOG:
            log_path = optarg;
            continue;
        case OPT_NO_LOG:
            no_log = 1;
            continue;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        if (snn_config_set(&cfg, key, optarg, SNN_FROM_SET, err, sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench sim: %s\n", err);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "snnbench sim: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (snn_config_validate(&cfg, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        return 2;
    }
    snn_derived d;
    snn_derive(&cfg, &d);
    const uint64_t need = snn_network_memory_estimate(&d, (int)cfg.values.simulation.threads);
    if (print_only) {
        snn_print_config(stdout, &cfg, &d);
        printf("%-30s %-22.17g %s\n", "memory_estimate", (double)need / 1e9, "GB");
        printf("%-30s %-22.17g %s\n", "memory_estimate_per_synapse",
               (double)need / (double)d.synapses, "bytes");
        return 0;
    }
    const uint64_t avail = snn_memory_available_bytes();
    if (avail > 0 && need > avail) {
        fprintf(stderr,
                "snnbench sim: simulation.scale = %g needs %.2f GB, more than the %.2f GB "
                "available; nothing was allocated\n",
                cfg.values.simulation.scale, (double)need / 1e9, (double)avail / 1e9);
        return 3;
    }
    logger lg = {0};
    if (log_path) {
        lg.file = fopen(log_path, "w");
        if (!lg.file) {
            fprintf(stderr, "snnbench sim: cannot write log file %s: %s\n", log_path,
                    strerror(errno));
            return 2;
        }
    } else if (!no_log && open_default_log(&cfg.values, &lg) != SNN_OK) {
        fprintf(stderr, "snnbench sim: cannot create results/runs/ for the log: %s\n",
                strerror(errno));
        return 2;
    }
    const int status = run(&cfg, &lg);
    if (lg.file) fclose(lg.file);
    return status == SNN_OK ? 0 : 1;
}
