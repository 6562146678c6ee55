/* snnbench run [SCENARIO] [-o DIR] [--set K=V] [--dry-run] [--force] [--no-analysis]
 *
 * Every point runs as its own `snnbench sim` child process, so a crash or an out-of-memory
 * ends that point and not the study. A point whose complete result already exists with
 * identical parameters is kept (resume); --force runs it again. */
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
#include "snn/fsutil.h"
#include "snn/network.h"
#include "snn/result_reader.h"
#include "snn/scenario.h"
#include "snn/sysinfo.h"
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

/* The scenario file: a path as given, else a name in ./scenarios or the installed library. */
static int find_scenario(const char *arg, char *path, size_t len) {
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) return snprintf(path, len, "%s", arg), 0;
    const char *suffix = strstr(arg, ".cfg") ? "" : ".cfg";
    const char *dirs[] = {"scenarios", SNN_SCENARIO_DIR};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, len, "%s/%s%s", dirs[i], arg, suffix);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return 0;
    }
    return -1;
}

/* A complete result whose stored parameters are the point's, every one of them. */
static int result_matches(const char *path, const snn_config *cfg) {
    snn_result r;
    char err[4352];
    if (access(path, F_OK) != 0 || snn_result_read(path, &r, err, sizeof err) != SNN_OK) return 0;
    int same = 1;
    for (size_t i = 0; i < snn_param_count() && same; i++) {
        const snn_param_desc *d = snn_param_at(i);
        same = snn_result_config(&r, d->key) == snn_param_get(&cfg->values, d);
    }
    snn_result_free(&r);
    return same;
}

/* Runs `snnbench sim` with every parameter of the point; returns the status text. */
static void run_point(const char *self, const snn_point *p, const char *out, int overwrite,
                      char *status, size_t len) {
    char sets[64][160];
    char *args[160];
    size_t n = 0;
    args[n++] = (char *)self;
    args[n++] = "sim";
    /* what the scenario and --set gave; defaults stay defaults (and keep their meaning,
     * e.g. nrec shrinking to N_E in small networks) */
    for (size_t i = 0; i < snn_param_count() && i < 64; i++) {
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
    fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(126); /* the point's log has the figures */
        execv(self, args);
        _exit(127);
    }
    int wstatus = 0;
    if (child < 0 || waitpid(child, &wstatus, 0) < 0)
        snprintf(status, len, "failed: could not start (%s)", strerror(errno));
    else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
        snprintf(status, len, "ok");
    else if (WIFEXITED(wstatus))
        snprintf(status, len, "failed: exit status %d", WEXITSTATUS(wstatus));
    else
        snprintf(status, len, "failed: killed by signal %d (%s)", WTERMSIG(wstatus),
                 strsignal(WTERMSIG(wstatus)));
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
            if (n_sets < 256) sets[n_sets++] = optarg;
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
    char dir[4096], self[PATH_MAX];
    if (out_dir)
        snprintf(dir, sizeof dir, "%s", out_dir);
    else
        snprintf(dir, sizeof dir, "results/runs/%s", s.name);
    const ssize_t self_len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (self_len <= 0 || snn_make_dirs(dir) != 0) {
        fprintf(stderr, "snnbench run: cannot create the study folder %s: %s\n", dir,
                strerror(errno));
        free(points);
        snn_scenario_free(&s);
        return 2;
    }
    self[self_len] = '\0';
    printf("study %s: %zu point%s into %s\n", s.name, n, n == 1 ? "" : "s", dir);
    snn_summary_row *rows = calloc(n, sizeof *rows);
    const double t_start = snn_wall_seconds();
    double t_running = 0;
    size_t ran = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        snn_summary_row *row = &rows[i];
        row->point = &points[i];
        snprintf(row->file, sizeof row->file, "%s.h5", points[i].name);
        char out[4400];
        snprintf(out, sizeof out, "%s/%s", dir, row->file);
        const double elapsed = snn_wall_seconds() - t_start;
        const size_t left = n - i;
        char eta[64] = "unknown";
        if (ran > 0) snprintf(eta, sizeof eta, "%.0f s", t_running / (double)ran * (double)left);
        printf("[%zu/%zu] %s: %s (elapsed %.0f s, left about %s)\n", i + 1, n, points[i].name,
               points[i].label, elapsed, eta);
        fflush(stdout);
        if (!force && result_matches(out, &points[i].cfg)) {
            snprintf(row->status, sizeof row->status, "kept");
            printf("        kept: a complete result with these parameters exists\n");
        } else {
            snn_derived d;
            snn_derive(&points[i].cfg, &d);
            const uint64_t need =
                snn_network_memory_estimate(&d, (int)points[i].cfg.values.simulation.threads);
            const uint64_t avail = snn_memory_available_bytes();
            if (avail > 0 && need > avail) {
                snprintf(row->status, sizeof row->status,
                         "refused: needs %.2f GB, %.2f GB available", need / 1e9, avail / 1e9);
                failed++;
            } else {
                const double t0 = snn_wall_seconds();
                run_point(self, &points[i], out, access(out, F_OK) == 0, row->status,
                          sizeof row->status);
                t_running += snn_wall_seconds() - t0;
                ran++;
                failed += strcmp(row->status, "ok") != 0;
            }
            printf("        %s\n", row->status);
        }
        if (snn_summary_write(dir, &s, rows, i + 1, err, sizeof err) != SNN_OK)
            fprintf(stderr, "snnbench run: %s\n", err);
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
            char file[4400];
            snprintf(file, sizeof file, "%s/%s", dir, rows[0].file);
            char *plot_args[] = {"plot", file, NULL};
            snn_cmd_plot(2, plot_args);
        } else {
            char *plot_args[] = {"plot", dir, NULL};
            snn_cmd_plot(2, plot_args);
        }
    }
    free(rows);
    free(points);
    snn_scenario_free(&s);
    return failed ? 1 : 0;
}
