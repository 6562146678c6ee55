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
            "  --ranks R          simulation.ranks: for --print-config and --dry-run (a run\n"
            "                     takes mpiexec's number)\n"
            "  --dry-run          build one rank's share of ranks x threads in this process,\n"
            "                     simulate nothing, print its measured memory and the estimate\n"
            "  --rank K           the rank --dry-run builds (default 0, the largest share)\n"
            "  -o, --output FILE  result file (default results/runs/<parameters>-<time>.h5)\n"
            "  --overwrite        replace an existing result file\n"
            "  --no-output        write no result file\n"
            "  --log FILE         log file (default: the result file's name with .log)\n"
            "  --no-log           log to stdout only\n"
            "  --quiet            no progress on stderr\n");
}

/* Ranks below this write a log of their own, as the seed's logger does. */
#define SNN_RANK_LOGS 30

/* The part files to remove if the run is interrupted: set in snn_cmd_sim before the
 * handlers are installed, read only by them (unlink is async-signal-safe). Rank 0 also
 * removes the other ranks' log parts: when one rank is killed, the launcher terminates the
 * others, and the killed one cannot remove its own. */
static char interrupted_part[PATH_MAX], interrupted_log_part[PATH_MAX];
static char peer_log_parts[SNN_RANK_LOGS][PATH_MAX];

static void on_signal(int sig) {
    if (interrupted_part[0]) unlink(interrupted_part);
    if (interrupted_log_part[0]) unlink(interrupted_log_part);
    for (int r = 1; r < SNN_RANK_LOGS; r++)
        if (peer_log_parts[r][0]) unlink(peer_log_parts[r]);
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
    for (int r = 1; r < SNN_RANK_LOGS; r++)
        peer_log_parts[r][0] = '\0';
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
    if (result && log && snn_path_same(result, log)) {
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
    if (result && snn_path_make_parents(result, err, errlen) != SNN_OK) return SNN_ERR_IO;
    if (result && snn_output_begin(&o->result, result, overwrite, err, errlen) != SNN_OK)
        return SNN_ERR_IO;
    if (log && o->log_in_place) {
        o->log = fopen(log, "w");
    } else if (log) {
        if (snn_path_make_parents(log, err, errlen) != SNN_OK ||
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

/* What the command line asks for. */
typedef struct {
    snn_config cfg;
    int print_only, no_log, overwrite, no_output, quiet;
    int dry_run, dry_run_rank;       /* --dry-run: build rank dry_run_rank's share only */
    const char *log_path, *out_path; /* may point to the defaults below */
    char default_out[512], default_log[PATH_MAX];
} sim_request;

/* Options into a request: -1 to go on, else the exit status (after --help or a message). */
static int parse_options(int argc, char **argv, sim_request *r, char *err, size_t errlen) {
    enum {
        OPT_SET = 256,
        OPT_PRINT,
        OPT_LOG,
        OPT_NO_LOG,
        OPT_RECORD,
        OPT_OVERWRITE,
        OPT_NO_OUTPUT,
        OPT_QUIET,
        OPT_DRY_RUN,
        OPT_RANK
    };
    static const struct option options[] = {{"scale", required_argument, 0, 's'},
                                            {"threads", required_argument, 0, 't'},
                                            {"ranks", required_argument, 0, 'R'},
                                            {"dry-run", no_argument, 0, OPT_DRY_RUN},
                                            {"rank", required_argument, 0, OPT_RANK},
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
    /* the short spellings of the most used parameters */
    static const struct {
        int opt;
        const char *key;
    } shorthand[] = {{'s', "simulation.scale"},      {'t', "simulation.threads"},
                     {'R', "simulation.ranks"},      {'r', "simulation.seed"},
                     {'p', "simulation.presimtime"}, {'T', "simulation.simtime"}};
    snn_config_defaults(&r->cfg);
    int opt;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        int status = SNN_OK;
        for (size_t i = 0; i < sizeof shorthand / sizeof shorthand[0]; i++)
            if (opt == shorthand[i].opt)
                status =
                    snn_config_set(&r->cfg, shorthand[i].key, optarg, SNN_FROM_SET, err, errlen);
        switch (opt) {
        case OPT_SET:
            status = snn_config_assign(&r->cfg, optarg, SNN_FROM_SET, err, errlen);
            break;
        case OPT_RECORD:
            status = set_record(&r->cfg, optarg, err, errlen);
            break;
        case OPT_PRINT:
            r->print_only = 1;
            break;
        case OPT_DRY_RUN:
            r->dry_run = 1;
            break;
        case OPT_RANK: {
            char *end;
            const long k = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || k < 0 || k > INT32_MAX) {
                snprintf(err, errlen, "--rank %s: not a rank; allowed: 0 to simulation.ranks - 1",
                         optarg);
                status = SNN_ERR_PARAM;
            }
            r->dry_run_rank = (int)k;
            break;
        }
        case OPT_LOG:
            r->log_path = optarg;
            break;
        case OPT_NO_LOG:
            r->no_log = 1;
            break;
        case 'o':
            r->out_path = optarg;
            break;
        case OPT_OVERWRITE:
            r->overwrite = 1;
            break;
        case OPT_NO_OUTPUT:
            r->no_output = 1;
            break;
        case OPT_QUIET:
            r->quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 's':
        case 't':
        case 'R':
        case 'r':
        case 'p':
        case 'T':
            break;
        default:
            usage(stderr);
            return 2;
        }
        if (status != SNN_OK) {
            fprintf(stderr, "snnbench sim: %s\n", err);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "snnbench sim: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (r->dry_run && r->dry_run_rank >= r->cfg.values.simulation.ranks) {
        fprintf(stderr,
                "snnbench sim: --rank %d is out of range; allowed: 0 to %lld (simulation.ranks = "
                "%lld)\n",
                r->dry_run_rank, (long long)r->cfg.values.simulation.ranks - 1,
                (long long)r->cfg.values.simulation.ranks);
        return 2;
    }
    if (r->dry_run && (r->out_path || r->log_path || r->overwrite)) {
        fprintf(stderr, "snnbench sim: --dry-run writes no files (its figures go to stdout); "
                        "drop -o, --log and --overwrite\n");
        return 2;
    }
    if (r->dry_run_rank > 0 && !r->dry_run) {
        fprintf(stderr, "snnbench sim: --rank is for --dry-run (a real run's rank is mpiexec's)\n");
        return 2;
    }
    return -1;
}

/* The parameters as a whole, the derived quantities and the memory: 0 to run, else the exit
 * status (--print-config prints and ends here). */
static int check_point(const sim_request *r, const snn_comm *comm, char *err, size_t errlen) {
    const snn_config *cfg = &r->cfg;
    snn_derived d;
    if (snn_config_validate(cfg, err, errlen) != SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        return 2;
    }
    snn_derive(cfg, &d);
    if (snn_derived_check(cfg, &d, err, errlen) != SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        return 2;
    }
    if (r->print_only) {
        snn_print_config(stdout, cfg, &d);
        return 0;
    }
    uint64_t need, avail;
    if (!snn_simulation_fits_memory(cfg, comm->node_size, &need, &avail)) {
        fprintf(stderr,
                "snnbench sim: the network (simulation.scale = %g, indegrees CE = %lld, CI = "
                "%lld: %.4g synapses) needs %.2f GB, more than the %.2f GB available; nothing "
                "was allocated\n",
                cfg->values.simulation.scale, (long long)d.CE, (long long)d.CI, (double)d.synapses,
                (double)need / 1e9, (double)avail / 1e9);
        return 3;
    }
    return -1;
}

/* The result and log names: given, or the defaults (a log beside the result). */
static int choose_names(sim_request *r) {
    if (!r->no_output && !r->out_path) {
        default_output(&r->cfg.values, r->default_out, sizeof r->default_out);
        r->out_path = r->default_out;
    }
    if (!r->no_output && !r->log_path && !r->no_log) {
        const size_t stem = snn_path_stem_length(r->out_path);
        if (stem + 5 > sizeof r->default_log) {
            fprintf(stderr, "snnbench sim: -o %.60s...: path too long (at most %d characters)\n",
                    r->out_path, SNN_PATH_MAX - 1);
            return 2;
        }
        snprintf(r->default_log, sizeof r->default_log, "%.*s.log", (int)stem, r->out_path);
        r->log_path = r->default_log;
    }
    if (r->no_log) r->log_path = NULL;
    if (r->no_output) r->out_path = NULL;
    return -1;
}

/* The log this rank writes: rank 0 the log asked for, ranks 1 to 29 NAME.rank<r>.log beside
 * it (none beside a special file such as /dev/stderr), others none. */
static const char *rank_log_name(const sim_request *r, int rank, char *buf, size_t len) {
    if (rank == 0) return r->log_path;
    struct stat st;
    if (!r->log_path || rank >= SNN_RANK_LOGS ||
        (stat(r->log_path, &st) == 0 && !S_ISREG(st.st_mode)))
        return NULL;
    const size_t n = strlen(r->log_path);
    const int stem = n > 4 && strcmp(r->log_path + n - 4, ".log") == 0 ? (int)n - 4 : (int)n;
    snprintf(buf, len, "%.*s.rank%d.log", stem, r->log_path, rank);
    return buf;
}

/* --dry-run: the share of rank r->dry_run_rank, measured here, printed on stdout. */
static int dry_run(const sim_request *r) {
    const int status = snn_simulation_dry_run(&r->cfg, r->dry_run_rank, NULL);
    return status == SNN_OK ? 0 : status == SNN_ERR_NOMEM ? 3 : 1;
}

/* One rank's part: every rank parses the same command line (rank 0's parameters are then
 * broadcast, so that ranks cannot disagree), rank 0 alone claims and writes the files. */
static int sim_on_rank(int argc, char **argv, const snn_comm *comm) {
    sim_request r = {0};
    char err[2 * PATH_MAX + 512]; /* room for two whole paths: messages are never cut */
    int status = parse_options(argc, argv, &r, err, sizeof err);
    snn_comm_broadcast(comm, &r.cfg, sizeof r.cfg);
    if (status < 0 && r.dry_run && comm->size > 1) {
        if (comm->rank == 0)
            fprintf(stderr, "snnbench sim: --dry-run builds one rank's share in one process; "
                            "start it without mpiexec\n");
        status = 2;
    }
    /* a plan (--print-config, --dry-run) may name any number of ranks; a run starts them */
    const int planning = (r.print_only || r.dry_run) && comm->size == 1;
    if (status < 0 && !planning &&
        snn_simulation_take_ranks(&r.cfg, comm, err, sizeof err) != SNN_OK) {
        if (comm->rank == 0) fprintf(stderr, "snnbench sim: %s\n", err);
        status = 2;
    }
    if (status < 0 && (comm->rank == 0 || !r.print_only))
        status = check_point(&r, comm, err, sizeof err);
    if (status < 0 && r.print_only) status = 0;
    if (status < 0 && r.dry_run) return dry_run(&r);
    if (status < 0) status = choose_names(&r);
    if (status >= 0) return status;
    /* rank 0 writes the result and NAME.log; ranks 1 to 29 their own NAME.rank<r>.log */
    sim_outputs outputs = {.result = {.fd = -1}, .log_file = {.fd = -1}};
    char rank_log[PATH_MAX];
    const char *my_result = comm->rank == 0 ? r.out_path : NULL;
    const char *my_log = rank_log_name(&r, comm->rank, rank_log, sizeof rank_log);
    int claimed = SNN_OK;
    if (my_result || my_log)
        claimed = outputs_open(&outputs, my_result, my_log, r.overwrite, err, sizeof err);
    if (snn_comm_any(comm, claimed != SNN_OK)) {
        if (claimed != SNN_OK) fprintf(stderr, "snnbench sim: %s\n", err);
        if (claimed == SNN_OK) outputs_abort(&outputs);
        return 2;
    }
    if (comm->rank == 0 && my_log) {
        sigset_t stop, previous; /* the handler never sees a name half-written */
        sigfillset(&stop);
        sigprocmask(SIG_BLOCK, &stop, &previous);
        for (int peer = 1; peer < comm->size && peer < SNN_RANK_LOGS; peer++) {
            char name[PATH_MAX];
            const char *log = rank_log_name(&r, peer, name, sizeof name);
            if (log && strlen(log) + 6 <= sizeof peer_log_parts[peer])
                snprintf(peer_log_parts[peer], sizeof peer_log_parts[peer], "%s.part", log);
        }
        sigprocmask(SIG_SETMASK, &previous, NULL);
    }
    char command_line[2048];
    snn_cmd_command_line(argc, argv, command_line, sizeof command_line);
    const int writes = comm->rank == 0;
    const snn_simulation_options run = {.comm = comm,
                                        .log = outputs.log,
                                        .progress = r.quiet || !writes ? NULL : stderr,
                                        .result = my_result ? &outputs.result : NULL,
                                        .command_line = command_line};
    status = snn_simulation_run(&r.cfg, &run);
    if (status == SNN_OK) {
        status = outputs_close(&outputs, err, sizeof err);
        if (status != SNN_OK) fprintf(stderr, "snnbench sim: %s\n", err);
    } else {
        outputs_abort(&outputs);
    }
    if (status == SNN_OK && my_result) fprintf(stderr, "result: %s\n", r.out_path);
    return status == SNN_OK ? 0 : 1;
}

int snn_cmd_sim(int argc, char **argv) {
    snn_comm comm;
    char err[512];
    if (snn_comm_start(&argc, &argv, &comm, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench sim: %s\n", err);
        snn_comm_stop(&comm, 1);
        return 2;
    }
    const int status = sim_on_rank(argc, argv, &comm);
    snn_comm_stop(&comm, 0);
    return status;
}
