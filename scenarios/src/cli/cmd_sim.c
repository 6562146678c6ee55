/* snnbench sim: options, output names, the memory check, then one simulation point through
 * the engine's API (simulation.h). */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "snn/derived.h"
#include "snn/error.h"
#include "snn/output_file.h"
#include "snn/result_writer.h"
#include "snn/simulation.h"

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

/* The part files to remove if the run is interrupted: set in snn_cmd_sim before the
 * handlers are installed, read only by them (unlink is async-signal-safe). */
static char interrupted_part[PATH_MAX], interrupted_log_part[PATH_MAX];

static void on_signal(int sig) {
    if (interrupted_part[0]) unlink(interrupted_part);
    if (interrupted_log_part[0]) unlink(interrupted_log_part);
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
    if (!spec[0] || snprintf(copy, sizeof copy, "%s", spec) >= (int)sizeof copy) {
        snprintf(err, errlen, "--record '%.40s': allowed: none, all, E=N, I=N or E=N,I=M", spec);
        return SNN_ERR_PARAM;
    }
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

/* The files a run writes: the result (claimed before the simulation, published by the
 * result writer) and the log (a claimed .part published after the result, or a special
 * file such as /dev/stderr written in place). */
typedef struct {
    snn_output_file result, log_file;
    FILE *log;
    int log_in_place;
    const char *log_name;
} sim_outputs;

static void outputs_abort(sim_outputs *o) {
    if (o->log) fclose(o->log);
    o->log = NULL;
    snn_output_abort(&o->log_file);
    snn_output_abort(&o->result);
    interrupted_part[0] = interrupted_log_part[0] = '\0';
}

static int outputs_claim(sim_outputs *o, const char *result, const char *log, int overwrite,
                         char *err, size_t errlen);

/* Every check first (paths, names, collisions), then the folders, then the claims, with the
 * interrupting signals held back until the handlers know which .part files to remove. */
static int outputs_open(sim_outputs *o, const char *result, const char *log, int overwrite,
                        char *err, size_t errlen) {
    sigset_t stop, previous;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, &previous);
    const int status = outputs_claim(o, result, log, overwrite, err, errlen);
    sigprocmask(SIG_SETMASK, &previous, NULL);
    return status;
}

static int outputs_claim(sim_outputs *o, const char *result, const char *log, int overwrite,
                         char *err, size_t errlen) {
    *o = (sim_outputs){.result = {.fd = -1}, .log_file = {.fd = -1}, .log_name = log};
    struct stat st;
    o->log_in_place = log && stat(log, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
    if (result && snn_path_check("-o", result, err, errlen) != SNN_OK) return SNN_ERR_PARAM;
    if (log && !o->log_in_place && snn_path_check("--log", log, err, errlen) != SNN_OK)
        return SNN_ERR_PARAM;
    if (result && log && snn_same_path(result, log)) {
        snprintf(err, errlen, "--log %s is the result file itself; give the log another name", log);
        return SNN_ERR_PARAM;
    }
    /* refused here as well as by the claims, so that no folder is made for a refused run */
    const char *taken = NULL;
    if (!overwrite && result && lstat(result, &st) == 0) taken = result;
    if (!overwrite && !taken && log && !o->log_in_place && lstat(log, &st) == 0) taken = log;
    if (taken) {
        snprintf(err, errlen, "%s exists; choose another name or pass --overwrite", taken);
        return SNN_ERR_IO;
    }
    if (result && snn_make_parent_dirs(result, err, errlen) != SNN_OK) return SNN_ERR_IO;
    if (result && snn_output_begin(&o->result, result, overwrite, err, errlen) != SNN_OK)
        return SNN_ERR_IO;
    if (log && o->log_in_place) {
        o->log = fopen(log, "w");
    } else if (log) {
        if (snn_make_parent_dirs(log, err, errlen) != SNN_OK ||
            snn_output_begin(&o->log_file, log, overwrite, err, errlen) != SNN_OK) {
            outputs_abort(o);
            return SNN_ERR_IO;
        }
        o->log = snn_output_stream(&o->log_file);
    }
    if (log && !o->log) {
        snprintf(err, errlen, "cannot write log file %s: %s", log, strerror(errno));
        outputs_abort(o);
        return SNN_ERR_IO;
    }
    snprintf(interrupted_part, sizeof interrupted_part, "%s", o->result.part);
    snprintf(interrupted_log_part, sizeof interrupted_log_part, "%s", o->log_file.part);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    return SNN_OK;
}

/* After a successful simulation (the result is already published): the log. */
static int outputs_close(sim_outputs *o, char *err, size_t errlen) {
    int status = SNN_OK;
    if (o->log) {
        const int failed = ferror(o->log) | (fclose(o->log) != 0);
        o->log = NULL;
        if (failed) {
            snprintf(err, errlen, "writing the log %s failed: %s (the result file is whole)",
                     o->log_name, strerror(errno));
            status = SNN_ERR_IO;
        }
    }
    if (status == SNN_OK && o->log_file.fd >= 0)
        status = snn_output_commit(&o->log_file, err, errlen);
    outputs_abort(o);
    return status;
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
    char err[2 * PATH_MAX + 512]; /* room for two whole paths: messages are never cut */
    int opt;
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
    if (snn_derived_check(&cfg, &d, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        return 2;
    }
    if (print_only) {
        snn_print_config(stdout, &cfg, &d);
        return 0;
    }
    uint64_t need, avail;
    if (!snn_simulation_fits_memory(&cfg, &need, &avail)) {
        fprintf(stderr,
                "snnbench sim: the network (simulation.scale = %g, indegrees CE = %lld, CI = "
                "%lld: %.4g synapses) needs %.2f GB, more than the %.2f GB available; nothing "
                "was allocated\n",
                cfg.values.simulation.scale, (long long)d.CE, (long long)d.CI, (double)d.synapses,
                (double)need / 1e9, (double)avail / 1e9);
        return 3;
    }

    char default_path[512], default_log[PATH_MAX];
    if (!no_output && !out_path) {
        default_output(&cfg.values, default_path, sizeof default_path);
        out_path = default_path;
    }
    if (!no_output && !log_path && !no_log) {
        const size_t stem = snn_result_stem_length(out_path);
        if (stem + 5 > sizeof default_log) {
            fprintf(stderr, "snnbench sim: -o %.60s...: path too long (at most %d characters)\n",
                    out_path, SNN_PATH_MAX - 1);
            return 2;
        }
        snprintf(default_log, sizeof default_log, "%.*s.log", (int)stem, out_path);
        log_path = default_log;
    }
    if (no_log) log_path = NULL;
    sim_outputs outputs;
    if (outputs_open(&outputs, no_output ? NULL : out_path, log_path, overwrite, err, sizeof err) !=
        SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        return 2;
    }
    char command_line[2048] = "";
    for (int i = 0; i < argc; i++) {
        strncat(command_line, i ? " " : "snnbench ",
                sizeof command_line - strlen(command_line) - 1);
        strncat(command_line, argv[i], sizeof command_line - strlen(command_line) - 1);
    }
    const snn_simulation_options options_run = {.log = outputs.log,
                                                .progress = quiet ? NULL : stderr,
                                                .result = no_output ? NULL : &outputs.result,
                                                .command_line = command_line};
    int status = snn_simulation_run(&cfg, &options_run);
    if (status == SNN_OK) {
        status = outputs_close(&outputs, err, sizeof err);
        if (status != SNN_OK) fprintf(stderr, "snnbench sim: %s\n", err);
    } else {
        outputs_abort(&outputs);
    }
    if (status == SNN_OK && !no_output) fprintf(stderr, "result: %s\n", out_path);
    return status == SNN_OK ? 0 : 1;
}
