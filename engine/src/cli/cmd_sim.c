/* snnbench sim: options, output names, the memory check, then one simulation point. */
#include "cmd_sim.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sim_run.h"
#include "snn/derived.h"
#include "snn/error.h"
#include "snn/fsutil.h"
#include "snn/network.h"
#include "snn/results.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: snnbench sim [options]\n"
            "  --scale X          simulation.scale (default 1)\n"
            "  --threads N        simulation.threads (default 1)\n"
            "  --seed S           simulation.seed\n"
            "  --presimtime MS    simulation.presimtime (default 50)\n"
            "  --simtime MS       simulation.simtime (default 250)\n"
            "  --record SPEC      recorded neurons: none, all, or E=N,I=M (default E=1000,I=0)\n"
            "  --set KEY=VALUE    any parameter (see --print-config), repeatable\n"
            "  --print-config     print every parameter and derived quantity, run nothing\n"
            "  -o, --output FILE  result file (default results/runs/<parameters>-<time>.h5)\n"
            "  --overwrite        replace an existing result file\n"
            "  --no-output        write no result file\n"
            "  --log FILE         log file (default: the result file's name with .log)\n"
            "  --no-log           log to stdout only\n"
            "  --quiet            no progress on stderr\n");
}

/* The part file to remove if the run is interrupted: set once in snn_cmd_sim before the
 * handlers are installed, read only by them. */
static char interrupted_part[4104];

static void on_signal(int sig) {
    if (interrupted_part[0]) unlink(interrupted_part);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int set_record(snn_config *cfg, const char *spec, char *err, size_t errlen) {
    if (strcmp(spec, "none") == 0)
        return snn_config_set(cfg, "simulation.nrec", "0", SNN_FROM_SET, err, errlen) ||
               snn_config_set(cfg, "simulation.nrec_I", "0", SNN_FROM_SET, err, errlen);
    if (strcmp(spec, "all") == 0)
        return snn_config_set(cfg, "simulation.nrec", "-1", SNN_FROM_SET, err, errlen) ||
               snn_config_set(cfg, "simulation.nrec_I", "-1", SNN_FROM_SET, err, errlen);
    char copy[256];
    snprintf(copy, sizeof copy, "%s", spec);
    for (char *save = NULL, *item = strtok_r(copy, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        const char *key = strncmp(item, "E=", 2) == 0   ? "simulation.nrec"
                          : strncmp(item, "I=", 2) == 0 ? "simulation.nrec_I"
                                                        : NULL;
        if (!key) {
            snprintf(err, errlen,
                     "--record %s: '%s' is not E=N or I=N; allowed: none, all, E=N,I=M", spec,
                     item);
            return SNN_ERR_PARAM;
        }
        const char *value = strcmp(item + 2, "all") == 0 ? "-1" : item + 2;
        if (snn_config_set(cfg, key, value, SNN_FROM_SET, err, errlen)) return SNN_ERR_PARAM;
    }
    return SNN_OK;
}

static void default_output(const snn_params *p, char *buf, size_t len) {
    char stamp[32];
    const time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(buf, len, "results/runs/sim-scale%g-t%lld-seed%lld-sim%gms-%s.h5", p->simulation.scale,
             (long long)p->simulation.threads, (long long)p->simulation.seed, p->simulation.simtime,
             stamp);
}

int snn_cmd_sim(int argc, char **argv) {
    enum {
        OPT_SET = 256,
        OPT_PRINT,
        OPT_LOG,
        OPT_NO_LOG,
        OPT_RECORD,
        OPT_OVERWRITE,
        OPT_NO_OUTPUT,
        OPT_QUIET
    };
    static const struct option options[] = {{"scale", required_argument, 0, 's'},
                                            {"threads", required_argument, 0, 't'},
                                            {"seed", required_argument, 0, 'r'},
                                            {"presimtime", required_argument, 0, 'p'},
                                            {"simtime", required_argument, 0, 'T'},
                                            {"set", required_argument, 0, OPT_SET},
                                            {"print-config", no_argument, 0, OPT_PRINT},
                                            {"log", required_argument, 0, OPT_LOG},
                                            {"no-log", no_argument, 0, OPT_NO_LOG},
                                            {"record", required_argument, 0, OPT_RECORD},
                                            {"output", required_argument, 0, 'o'},
                                            {"overwrite", no_argument, 0, OPT_OVERWRITE},
                                            {"no-output", no_argument, 0, OPT_NO_OUTPUT},
                                            {"quiet", no_argument, 0, OPT_QUIET},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    snn_config cfg;
    snn_config_defaults(&cfg);
    int print_only = 0, no_log = 0, overwrite = 0, no_output = 0, quiet = 0;
    const char *log_path = NULL, *out_path = NULL;
    char err[512];
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        const char *key = NULL;
        int status = SNN_OK;
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
            status = snn_config_assign(&cfg, optarg, SNN_FROM_SET, err, sizeof err);
            break;
        case OPT_RECORD:
            status = set_record(&cfg, optarg, err, sizeof err);
            break;
        case OPT_PRINT:
            print_only = 1;
            break;
        case OPT_LOG:
            log_path = optarg;
            break;
        case OPT_NO_LOG:
            no_log = 1;
            break;
        case 'o':
            out_path = optarg;
            break;
        case OPT_OVERWRITE:
            overwrite = 1;
            break;
        case OPT_NO_OUTPUT:
            no_output = 1;
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        if (key) status = snn_config_set(&cfg, key, optarg, SNN_FROM_SET, err, sizeof err);
        if (status != SNN_OK) {
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

    char default_path[512], default_log[520];
    snn_result_file result;
    if (!no_output) {
        if (!out_path) {
            default_output(&cfg.values, default_path, sizeof default_path);
            out_path = default_path;
        }
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", out_path);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            if (dir[0] && snn_make_dirs(dir) != 0) {
                fprintf(stderr, "snnbench sim: cannot create %s: %s\n", dir, strerror(errno));
                return 2;
            }
        }
        if (snn_result_reserve(&result, out_path, overwrite, err, sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench sim: %s\n", err);
            return 2;
        }
        snprintf(interrupted_part, sizeof interrupted_part, "%s", result.part);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
        if (!log_path && !no_log) {
            snprintf(
                default_log, sizeof default_log, "%.*s.log",
                (int)(strlen(out_path) > 3 && strcmp(out_path + strlen(out_path) - 3, ".h5") == 0
                          ? strlen(out_path) - 3
                          : strlen(out_path)),
                out_path);
            log_path = default_log;
        }
    }
    FILE *log = NULL;
    if (log_path && !no_log && !(log = fopen(log_path, "w"))) {
        fprintf(stderr, "snnbench sim: cannot write log file %s: %s\n", log_path, strerror(errno));
        if (!no_output) snn_result_discard(&result);
        return 2;
    }
    char command_line[2048] = "";
    for (int i = 0; i < argc; i++) {
        strncat(command_line, i ? " " : "snnbench ",
                sizeof command_line - strlen(command_line) - 1);
        strncat(command_line, argv[i], sizeof command_line - strlen(command_line) - 1);
    }
    const snn_sim_options options_run = {.log = log,
                                         .progress = quiet ? NULL : stderr,
                                         .result = no_output ? NULL : &result,
                                         .command_line = command_line};
    const int status = snn_sim_run(&cfg, &options_run);
    if (log) fclose(log);
    if (!no_output) {
        if (status == SNN_OK)
            fprintf(stderr, "result: %s\n", out_path);
        else
            snn_result_discard(&result);
    }
    return status == SNN_OK ? 0 : 1;
}
