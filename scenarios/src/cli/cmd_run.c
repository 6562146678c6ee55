/* snnbench run [SCENARIO] [-o DIR] [--set K=V] [--dry-run] [--force] [--no-analysis]
 *
 * Every point runs as its own `snnbench sim` child process, so a crash or an out-of-memory
 * ends that point and not the study. A point whose complete result already exists with
 * identical parameters is kept (resume); a result with other parameters, or a file that is
 * not a readable result, stops the study before anything runs unless --force is given. One
 * runner per study folder (study.lock); signals end the running point before the runner. */
#include "cmd_run.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd_analysis.h"
#include "snn/derived.h"
#include "snn/error.h"
#include "snn/output_file.h"
#include "snn/network.h"
#include "snn/result_reader.h"
#include "snn/scenario.h"
#include "snn/sysinfo.h"
#include "point_process.h"
#include "study_lock.h"
#include "summary.h"

#ifndef SNN_SCENARIO_DIR
#define SNN_SCENARIO_DIR "/usr/local/share/snnbench/scenarios"
#endif

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: snnbench run [SCENARIO] [options]\n"
        "  SCENARIO         a .cfg file, or a name from the library (quick, hpc_benchmark, ...);\n"
        "                   default hpc_benchmark\n"
        "  -o, --output DIR study folder (default results/runs/<scenario name>)\n"
        "  --set KEY=VALUE  override a value (base or swept), repeatable\n"
        "  --dry-run        list the points and the memory they need; run nothing\n"
        "  --force          rerun points whose results exist\n"
        "  --no-analysis    skip the analysis table and figures at the end\n");
}

/* The scenario file: a path as given, else a name in ./scenarios, in the library beside the
 * executable (the source tree's scenarios/ for build/snnbench, share/snnbench/scenarios for
 * an installed one), or in the installed library. */
static int find_scenario(const char *arg, char *path, size_t len) {
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISREG(st.st_mode))
        return snprintf(path, len, "%s", arg) < (int)len ? 0 : -1;
    if (strchr(arg, '/')) return -1;
    const char *suffix = strstr(arg, ".cfg") ? "" : ".cfg";
    char exe_dir[PATH_MAX], beside[PATH_MAX + 32], installed[PATH_MAX + 32];
    const ssize_t n = readlink("/proc/self/exe", exe_dir, sizeof exe_dir - 1);
    exe_dir[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(exe_dir, '/');
    if (slash) *slash = '\0';
    snprintf(beside, sizeof beside, "%s/../scenarios", exe_dir);
    snprintf(installed, sizeof installed, "%s/../share/snnbench/scenarios", exe_dir);
    const char *dirs[] = {"scenarios", beside, installed, SNN_SCENARIO_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (snprintf(path, len, "%s/%s%s", dirs[i], arg, suffix) >= (int)len) continue;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return 0;
    }
    return -1;
}

/* What is already at a point's result path. */
typedef enum { POINT_ABSENT, POINT_SAME, POINT_DIFFERENT, POINT_UNREADABLE } existing_state;

/* Compares the stored parameters with the point's, every one of them; the differences (or
 * why the file cannot be read) go to why. */
static existing_state existing_result(const char *path, const snn_config *cfg, char *why,
                                      size_t len) {
    why[0] = '\0';
    struct stat st;
    if (lstat(path, &st) != 0) return POINT_ABSENT;
    snn_result r;
    if (snn_result_read(path, &r, why, len) != SNN_OK) return POINT_UNREADABLE;
    size_t used = 0;
    for (size_t i = 0; i < snn_param_count(); i++) {
        const snn_param_desc *d = snn_param_at(i);
        const double stored = snn_result_config(&r, d->key), now = snn_param_get(&cfg->values, d);
        if (stored == now) continue;
        const int w = snprintf(why + used, len - used, "%s%s = %.10g in the file, %.10g now",
                               used ? "; " : "", d->key, stored, now);
        if (w > 0 && (size_t)w < len - used) used += (size_t)w;
    }
    snn_result_free(&r);
    return used ? POINT_DIFFERENT : POINT_SAME;
}

/* Before anything runs: every existing result must be one of this study's points, unless
 * --force allows replacing it. Returns the number of conflicts (each printed). */
static size_t check_existing(const char *dir, const snn_point *points, size_t n, int force,
                             existing_state *state) {
    size_t conflicts = 0;
    for (size_t i = 0; i < n; i++) {
        char out[PATH_MAX + 300], why[PATH_MAX + 1024];
        snprintf(out, sizeof out, "%s/%s.h5", dir, points[i].name);
        state[i] = existing_result(out, &points[i].cfg, why, sizeof why);
        if (force || state[i] == POINT_ABSENT || state[i] == POINT_SAME) continue;
        if (conflicts++ == 0)
            fprintf(stderr,
                    "snnbench run: %s holds results that are not this study's points "
                    "(nothing was run; --force replaces them):\n",
                    dir);
        fprintf(stderr, "  %s.h5: %s\n", points[i].name, why);
    }
    return conflicts;
}

/* Runs `snnbench sim` with every parameter of the point; returns the status text. */
static void run_point(const char *self, const snn_point *p, const char *out, int overwrite,
                      char *status, size_t len) {
    char sets[SNN_MAX_PARAMS][160];
    char *args[2 * SNN_MAX_PARAMS + 8];
    size_t n = 0;
    args[n++] = (char *)self;
    args[n++] = "sim";
    /* what the scenario and --set gave; defaults stay defaults (and keep their meaning,
     * e.g. nrec shrinking to N_E in small networks) */
    for (size_t i = 0; i < snn_param_count(); i++) {
        if (p->cfg.origin[i] == SNN_FROM_DEFAULT) continue;
        const snn_param_desc *d = snn_param_at(i);
        snprintf(sets[i], sizeof sets[i], "%s=%.17g", d->key, snn_param_get(&p->cfg.values, d));
        args[n++] = "--set";
        args[n++] = sets[i];
    }
    args[n++] = "--quiet";
    args[n++] = "-o";
    args[n++] = (char *)out;
    if (overwrite) args[n++] = "--overwrite";
    args[n] = NULL;
    snn_point_process_run(args, status, len);
}

static const char *longest_point_name(const snn_point *points, size_t n) {
    const char *longest = "";
    for (size_t i = 0; i < n; i++)
        if (strlen(points[i].name) > strlen(longest)) longest = points[i].name;
    return longest;
}

/* A point that needs more memory than is available now is refused before it starts. */
static int refuse_memory(const snn_point *p, char *status, size_t len) {
    snn_derived d;
    snn_derive(&p->cfg, &d);
    const uint64_t need = snn_network_memory_estimate(&d, (int)p->cfg.values.simulation.threads);
    const uint64_t avail = snn_memory_available_bytes();
    if (avail == 0 || need <= avail) return 0;
    snprintf(status, len, "refused: needs %.2f GB, %.2f GB available", need / 1e9, avail / 1e9);
    return 1;
}

static void dry_run(const snn_scenario *s, const snn_point *points, size_t n) {
    printf("scenario %s (%s): %zu point%s\n", s->name, s->path, n, n == 1 ? "" : "s");
    if (s->description[0]) printf("  %s\n", s->description);
    double total = 0, most = 0;
    printf("%-5s %-40s %-48s %10s\n", "#", "point", "swept values", "memory GB");
    for (size_t i = 0; i < n; i++) {
        snn_derived d;
        snn_derive(&points[i].cfg, &d);
        const double gb =
            (double)snn_network_memory_estimate(&d, (int)points[i].cfg.values.simulation.threads) /
            1e9;
        total += gb;
        most = gb > most ? gb : most;
        printf("%-5zu %-40s %-48s %10.3f\n", i + 1, points[i].name, points[i].label, gb);
    }
    printf("memory: %.3f GB for the largest point (points run one at a time), %.3f GB summed; "
           "%.3f GB available now\n",
           most, total, (double)snn_memory_available_bytes() / 1e9);
}

int snn_cmd_run(int argc, char **argv) {
    static const struct option options[] = {{"output", required_argument, 0, 'o'},
                                            {"set", required_argument, 0, 's'},
                                            {"dry-run", no_argument, 0, 'n'},
                                            {"force", no_argument, 0, 'f'},
                                            {"no-analysis", no_argument, 0, 'a'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *out_dir = NULL, *sets[256];
    size_t n_sets = 0;
    int dry = 0, force = 0, analysis = 1, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (opt) {
        case 'o':
            out_dir = optarg;
            break;
        case 's':
            if (n_sets == sizeof sets / sizeof sets[0]) {
                fprintf(stderr, "snnbench run: more than %zu --set options\n", n_sets);
                return 2;
            }
            sets[n_sets++] = optarg;
            break;
        case 'n':
            dry = 1;
            break;
        case 'f':
            force = 1;
            break;
        case 'a':
            analysis = 0;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 < argc) {
        usage(stderr);
        return 2;
    }
    const char *arg = optind < argc ? argv[optind] : "hpc_benchmark";
    char path[4096], err[8192];
    if (find_scenario(arg, path, sizeof path) != 0) {
        fprintf(stderr,
                "snnbench run: scenario '%s' not found (as a file, in ./scenarios or in %s)\n", arg,
                SNN_SCENARIO_DIR);
        return 2;
    }
    snn_scenario s;
    if (snn_scenario_load(path, &s, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench run: %s\n", err);
        return 2;
    }
    for (size_t i = 0; i < n_sets; i++)
        if (snn_scenario_override(&s, sets[i], err, sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench run: %s\n", err);
            snn_scenario_free(&s);
            return 2;
        }
    snn_point *points;
    size_t n;
    if (snn_scenario_expand(&s, &points, &n, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench run: %s\n", err);
        snn_scenario_free(&s);
        return 2;
    }
    if (dry) {
        dry_run(&s, points, n);
        free(points);
        snn_scenario_free(&s);
        return 0;
    }
    char dir[PATH_MAX], self[PATH_MAX];
    if (out_dir && snn_path_check("-o", out_dir, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench run: %s\n", err);
        free(points);
        snn_scenario_free(&s);
        return 2;
    }
    if (out_dir)
        snprintf(dir, sizeof dir, "%s", out_dir);
    else
        snprintf(dir, sizeof dir, "results/runs/%s", s.name);
    /* every name this study will write must fit, before the folder exists */
    char probe[PATH_MAX + 300];
    snprintf(probe, sizeof probe, "%s/%s.h5", dir, longest_point_name(points, n));
    const ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (snn_path_check("-o", probe, err, sizeof err) != SNN_OK || self_len <= 0) {
        fprintf(stderr, "snnbench run: %s\n",
                self_len <= 0 ? "cannot find the snnbench executable" : err);
        free(points);
        snn_scenario_free(&s);
        return 2;
    }
    self[self_len] = '\0';
    existing_state *state = calloc(n, sizeof *state);
    snn_summary_row *rows = calloc(n, sizeof *rows);
    int lock = -1, status = 0;
    if (!state || !rows) {
        fprintf(stderr, "snnbench run: out of memory for %zu points\n", n);
        status = 2;
    } else if (snn_make_parent_dirs(probe, err, sizeof err) != SNN_OK ||
               snn_study_lock(dir, &lock, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench run: %s\n", err);
        status = 2;
    } else if (check_existing(dir, points, n, force, state) > 0) {
        status = 2;
    }
    if (status != 0) {
        snn_study_unlock(lock);
        free(state), free(rows), free(points);
        snn_scenario_free(&s);
        return status;
    }
    snn_point_signals_install();
    printf("study %s: %zu point%s into %s\n", s.name, n, n == 1 ? "" : "s", dir);
    const double t_start = snn_wall_seconds();
    double t_running = 0;
    size_t ran = 0, failed = 0, done = 0;
    for (size_t i = 0; i < n && !snn_point_stop_signal(); i++) {
        snn_summary_row *row = &rows[i];
        row->point = &points[i];
        snprintf(row->file, sizeof row->file, "%s.h5", points[i].name);
        char out[PATH_MAX + 300];
        snprintf(out, sizeof out, "%s/%s", dir, row->file);
        const double elapsed = snn_wall_seconds() - t_start;
        const size_t left = n - i;
        char eta[64] = "unknown";
        if (ran > 0) snprintf(eta, sizeof eta, "%.0f s", t_running / (double)ran * (double)left);
        printf("[%zu/%zu] %s: %s (elapsed %.0f s, left about %s)\n", i + 1, n, points[i].name,
               points[i].label, elapsed, eta);
        fflush(stdout);
        if (!force && state[i] == POINT_SAME) {
            snprintf(row->status, sizeof row->status, "kept");
            printf("        kept: a complete result with these parameters exists\n");
        } else if (refuse_memory(&points[i], row->status, sizeof row->status)) {
            failed++;
            printf("        %s\n", row->status);
        } else {
            const double t0 = snn_wall_seconds();
            run_point(self, &points[i], out, state[i] != POINT_ABSENT, row->status,
                      sizeof row->status);
            t_running += snn_wall_seconds() - t0;
            ran++;
            failed += strcmp(row->status, "ok") != 0;
            printf("        %s\n", row->status);
        }
        done = i + 1;
        if (snn_summary_write(dir, &s, rows, done, err, sizeof err) != SNN_OK)
            fprintf(stderr, "snnbench run: %s\n", err);
    }
    if (snn_point_stop_signal()) {
        printf("study %s: stopped by signal %d after %zu of %zu points; run it again to go on\n",
               s.name, snn_point_stop_signal(), done, n);
        fflush(stdout);
        snn_study_unlock(lock);
        snn_point_signal_reraise();
    }
    printf("study %s: %zu of %zu points ok, %.0f s; summary: %s/summary.csv, %s/summary.h5\n",
           s.name, n - failed, n, snn_wall_seconds() - t_start, dir, dir);
    if (failed) {
        printf("\nfailed points:\n%-40s %s\n", "point", "status");
        for (size_t i = 0; i < n; i++)
            if (strcmp(rows[i].status, "ok") && strcmp(rows[i].status, "kept"))
                printf("%-40s %s\n", points[i].name, rows[i].status);
    }
    if (analysis && failed < n) {
        printf("\nanalysis (snnbench analyze %s):\n", dir);
        fflush(stdout);
        char *analyze_args[] = {"analyze", dir, NULL};
        snn_cmd_analyze(2, analyze_args);
        printf("\nfigures (snnbench plot):\n");
        fflush(stdout);
        if (n == 1) {
            char file[PATH_MAX + 300];
            snprintf(file, sizeof file, "%s/%s", dir, rows[0].file);
            char *plot_args[] = {"plot", file, NULL};
            snn_cmd_plot(2, plot_args);
        } else {
            char *plot_args[] = {"plot", dir, NULL};
            snn_cmd_plot(2, plot_args);
        }
    }
    snn_study_unlock(lock);
    snn_point_signal_reraise(); /* a signal during the analysis ends the runner here */
    free(state), free(rows), free(points);
    snn_scenario_free(&s);
    return failed ? 1 : 0;
}
