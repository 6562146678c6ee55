/* snn_study_run: a whole study from a scenario file.
 *
 * Every point runs as its own `snnbench sim` child process, so a crash or an out-of-memory
 * ends that point and not the study. A point whose complete result already exists with
 * identical parameters is kept (resume); a result with other parameters, or a file that is
 * not a readable result, stops the study before anything runs unless --force is given. One
 * runner per study folder (study.lock); signals end the running point before the runner.
 * Each point is analysed once, when it ends (or when it is kept); the summary and the final
 * table come from those kept analyses, so a study costs one analysis per point. */
#include "snn/study_run.h"

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

#include "snn/derived.h"
#include "snn/error.h"
#include "snn/output_file.h"
#include "snn/plot.h"
#include "snn/report.h"
#include "snn/result_reader.h"
#include "snn/scenario.h"
#include "snn/simulation.h"
#include "snn/study_analysis.h"
#include "snn/sysinfo.h"
#include "point_process.h"
#include "study_lock.h"
#include "study.h"
#include "summary.h"

#ifndef SNN_SCENARIO_DIR
#define SNN_SCENARIO_DIR "/usr/local/share/snnbench/scenarios"
#endif
#ifndef SNN_SOURCE_SCENARIO_DIR /* the source tree's library, for a build tree anywhere */
#define SNN_SOURCE_SCENARIO_DIR "scenarios"
#endif

/* The scenario file: a path as given, else a name in ./scenarios, in the library beside the
 * executable (the source tree's scenarios/ for build/snnbench, share/snnbench/scenarios for
 * an installed one), in the installed library, or in the source tree it was built from. */
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
    const char *dirs[] = {"scenarios", beside, installed, SNN_SCENARIO_DIR,
                          SNN_SOURCE_SCENARIO_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (snprintf(path, len, "%s/%s%s", dirs[i], arg, suffix) >= (int)len) continue;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return 0;
    }
    return -1;
}

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

const char *study_local_launcher(const study *st, size_t i, char *buf, size_t len) {
    if (st->points[i].cfg.values.simulation.ranks <= 1) return NULL;
    const snn_study_request *req = st->req;
    snprintf(buf, len, "%s%s", req->launcher ? req->launcher : SNN_DEFAULT_LAUNCHER,
             !req->launcher && req->oversubscribe ? " --oversubscribe" : "");
    return buf;
}

void study_point_command(const study *st, size_t i, const char *launcher, int with_ranks,
                         point_command *c) {
    const snn_point *p = &st->points[i];
    c->n = 0;
    if (launcher) {
        snprintf(c->launcher, sizeof c->launcher, "%s", launcher);
        for (char *save = NULL, *w = strtok_r(c->launcher, " \t", &save);
             w && c->n < SNN_LAUNCHER_WORDS_MAX - 2; w = strtok_r(NULL, " \t", &save))
            c->args[c->n++] = w;
        if (with_ranks) {
            snprintf(c->ranks, sizeof c->ranks, "%lld", (long long)p->cfg.values.simulation.ranks);
            c->args[c->n++] = "-n";
            c->args[c->n++] = c->ranks;
        }
    }
    c->args[c->n++] = (char *)st->self;
    c->args[c->n++] = "sim";
    /* what the scenario and --set gave; defaults stay defaults (and keep their meaning,
     * e.g. nrec shrinking to N_E in small networks) */
    for (size_t k = 0; k < snn_param_count(); k++) {
        if (p->cfg.origin[k] == SNN_FROM_DEFAULT) continue;
        const snn_param_desc *d = snn_param_at(k);
        snprintf(c->sets[k], sizeof c->sets[k], "%s=%.17g", d->key,
                 snn_param_get(&p->cfg.values, d));
        c->args[c->n++] = "--set";
        c->args[c->n++] = c->sets[k];
    }
    snprintf(c->out, sizeof c->out, "%s/%s.h5", st->dir, p->name);
    c->args[c->n++] = "--quiet";
    c->args[c->n++] = "-o";
    c->args[c->n++] = c->out;
    if (st->state[i] != POINT_ABSENT) c->args[c->n++] = "--overwrite";
    c->args[c->n] = NULL;
}

static const char *longest_point_name(const snn_point *points, size_t n) {
    const char *longest = "";
    for (size_t i = 0; i < n; i++)
        if (strlen(points[i].name) > strlen(longest)) longest = points[i].name;
    return longest;
}

/* Whether the point's ranks may run on other machines: several ranks under a launcher other
 * than the default (srun), which places them; the default launcher starts them all here. */
static int ranks_elsewhere(const study *st, size_t i) {
    return st->req->launcher && st->points[i].cfg.values.simulation.ranks > 1;
}

int study_ranks_here(const study *st, size_t i) {
    return ranks_elsewhere(st, i) ? 1 : (int)st->points[i].cfg.values.simulation.ranks;
}

/* A point whose ranks x threads exceed the cores is refused unless oversubscription was
 * asked for: a benchmark shares no core by accident. Ranks that another launcher (srun)
 * places on other machines are that launcher's to fit. */
int study_refuse_cores(const study *st, size_t i, char *status, size_t len) {
    const snn_point *p = &st->points[i];
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const long long want =
        (long long)(p->cfg.values.simulation.ranks * p->cfg.values.simulation.threads);
    if (st->req->oversubscribe || ranks_elsewhere(st, i) || cores <= 0 || want <= cores) return 0;
    snprintf(status, len, "refused: %lld ranks x threads, %ld cores (--oversubscribe allows it)",
             want, cores);
    return 1;
}

/* A point that needs more memory than is available now is refused before it starts. */
int study_refuse_memory(const study *st, size_t i, char *status, size_t len) {
    uint64_t need, avail;
    if (snn_simulation_fits_memory(&st->points[i].cfg, study_ranks_here(st, i), &need, &avail))
        return 0;
    snprintf(status, len, "refused: needs %.2f GB, %.2f GB available", need / 1e9, avail / 1e9);
    return 1;
}

static void dry_run(const snn_scenario *s, const snn_point *points, size_t n) {
    printf("scenario %s (%s): %zu point%s\n", s->name, s->path, n, n == 1 ? "" : "s");
    if (s->description[0]) printf("  %s\n", s->description);
    double total = 0, most = 0;
    printf("%-5s %-40s %-48s %10s\n", "#", "point", "swept values", "memory GB");
    for (size_t i = 0; i < n; i++) {
        const double gb = (double)snn_simulation_memory_bytes(&points[i].cfg) *
                          (double)points[i].cfg.values.simulation.ranks / 1e9; /* all ranks */
        total += gb;
        most = gb > most ? gb : most;
        printf("%-5zu %-40s %-48s %10.3f\n", i + 1, points[i].name, points[i].label, gb);
    }
    printf("memory: %.3f GB for the largest point (one at a time; --jobs runs several within "
           "the memory), %.3f GB summed; "
           "%.3f GB available now\n",
           most, total, (double)snn_sysinfo_available_bytes() / 1e9);
}

/* The scenario as the request gives it: found, loaded, overridden and expanded. */
static int load_study(const snn_study_request *req, snn_scenario *s, snn_point **points, size_t *n,
                      char *err, size_t errlen) {
    char path[4096];
    if (find_scenario(req->scenario, path, sizeof path) != 0) {
        snprintf(err, errlen, "scenario '%s' not found (as a file, in ./scenarios or in %s)",
                 req->scenario, SNN_SCENARIO_DIR);
        return SNN_ERR_PARAM;
    }
    if (snn_scenario_load(path, s, err, errlen) != SNN_OK) return SNN_ERR_PARAM;
    for (size_t i = 0; i < req->n_sets; i++)
        if (snn_scenario_override(s, req->sets[i], err, errlen) != SNN_OK) {
            snn_scenario_free(s);
            return SNN_ERR_PARAM;
        }
    if (snn_scenario_expand(s, points, n, err, errlen) != SNN_OK) {
        snn_scenario_free(s);
        return SNN_ERR_PARAM;
    }
    return SNN_OK;
}

static void study_free(study *st) {
    snn_study_unlock(st->lock);
    for (size_t i = 0; st->rows && i < st->n; i++)
        free(st->rows[i].key);
    free(st->state), free(st->rows), free(st->points);
    snn_scenario_free(&st->scenario);
}

/* Before anything runs: the folder's name and every name in it checked, the folder made and
 * locked, existing results compared with their points. */
/* The scenario file as it was read, byte for byte, in the study folder (SNN_STUDY_SCENARIO),
 * so that the report can show it and its hash; replaced by the latest run's. */
static int keep_scenario(const study *st, char *err, size_t errlen) {
    FILE *in = fopen(st->scenario.path, "rb");
    if (!in) {
        snprintf(err, errlen, "cannot read %s again: %s", st->scenario.path, strerror(errno));
        return SNN_ERR_IO;
    }
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", st->dir, SNN_STUDY_SCENARIO);
    snn_output_file out;
    if (snn_output_begin(&out, path, 1, err, errlen) != SNN_OK) {
        fclose(in);
        return SNN_ERR_IO;
    }
    FILE *f = snn_output_stream(&out);
    char block[65536];
    size_t n;
    int failed = !f;
    while (f && (n = fread(block, 1, sizeof block, in)) > 0)
        failed |= fwrite(block, 1, n, f) != n;
    failed |= ferror(in);
    fclose(in);
    if (f) failed |= ferror(f) | (fclose(f) != 0);
    if (failed) return snn_output_fail(&out, errno, err, errlen);
    return snn_output_commit(&out, err, errlen);
}

static int prepare(study *st, char *err, size_t errlen) {
    const char *out_dir = st->req->out_dir;
    if (out_dir && snn_path_check("-o", out_dir, err, errlen) != SNN_OK) return SNN_ERR_PARAM;
    if (out_dir)
        snprintf(st->dir, sizeof st->dir, "%s", out_dir);
    else
        snprintf(st->dir, sizeof st->dir, "results/runs/%s", st->scenario.name);
    /* every name this study will write must fit, before the folder exists */
    char probe[PATH_MAX + 300];
    snprintf(probe, sizeof probe, "%s/%s.h5", st->dir, longest_point_name(st->points, st->n));
    const ssize_t self_len = readlink("/proc/self/exe", st->self, sizeof st->self - 1);
    if (snn_path_check("-o", probe, err, errlen) != SNN_OK) return SNN_ERR_PARAM;
    if (self_len <= 0) {
        snprintf(err, errlen, "cannot find the snnbench executable");
        return SNN_ERR_IO;
    }
    st->self[self_len] = '\0';
    st->state = calloc(st->n, sizeof *st->state);
    st->rows = calloc(st->n, sizeof *st->rows);
    if (!st->state || !st->rows) {
        snprintf(err, errlen, "out of memory for %zu points", st->n);
        return SNN_ERR_NOMEM;
    }
    for (size_t i = 0; i < st->n; i++) {
        st->rows[i].point = &st->points[i];
        snprintf(st->rows[i].file, sizeof st->rows[i].file, "%s.h5", st->points[i].name);
    }
    if (st->req->dry_run) { /* the batch scripts to show: names only, nothing made */
        struct stat s;
        if (stat(st->dir, &s) == 0) check_existing(st->dir, st->points, st->n, 1, st->state);
        return SNN_OK;
    }
    if (snn_path_make_parents(probe, err, errlen) != SNN_OK) return SNN_ERR_IO;
    if (snn_study_lock(st->dir, &st->lock, err, errlen) != SNN_OK) {
        st->lock_busy = 1;
        return SNN_ERR_IO;
    }
    if (check_existing(st->dir, st->points, st->n, st->req->force, st->state) > 0) {
        err[0] = '\0'; /* each conflict is already printed */
        return SNN_ERR_PARAM;
    }
    return keep_scenario(st, err, errlen);
}

/* A point's analysis, once, as soon as its result is complete: the analysis file beside the
 * result, and the metrics kept for the summary and the table. */
static void analyse_point(const study *st, snn_summary_row *row) {
    free(row->key);
    char path[PATH_MAX + 300], err[PATH_MAX + 1024];
    snprintf(path, sizeof path, "%s/%s", st->dir, row->file);
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    row->key = malloc(SNN_POINT_KEY_MAX);
    if (!row->key ||
        snn_study_analysis_file(path, &o, &row->metrics, row->key, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench run: %s\n", row->key ? err : "out of memory");
        return;
    }
    row->analysed = 1;
    if (st->req->analysis && snn_analysis_write(path, &row->metrics, &o, err, sizeof err) != SNN_OK)
        fprintf(stderr, "snnbench run: %s\n", err);
    snn_analysis_free(&row->metrics);
}

int study_row_good(const snn_summary_row *row) {
    return !strcmp(row->status, "ok") || !strcmp(row->status, "kept");
}

void study_write_summary(const study *st) {
    snn_summary_row *ended = calloc(st->n + 1, sizeof *ended);
    char err[8192];
    size_t k = 0;
    for (size_t i = 0; ended && i < st->n; i++)
        if (st->rows[i].status[0]) ended[k++] = st->rows[i];
    if (!ended)
        fprintf(stderr, "snnbench run: out of memory for the summary\n");
    else if (snn_summary_write(st->dir, &st->scenario, ended, k, err, sizeof err) != SNN_OK)
        fprintf(stderr, "snnbench run: %s\n", err);
    free(ended);
}

void study_point_ended(study *st, size_t i) {
    snn_summary_row *row = &st->rows[i];
    if (study_row_good(row) && !row->analysed) analyse_point(st, row);
    study_write_summary(st);
}

/* The table of the kept analyses (as `snnbench analyze` prints it) and the figures. */
static void report(const study *st) {
    const char **names = calloc(st->n + 1, sizeof *names);
    snn_analysis *rows = calloc(st->n + 1, sizeof *rows);
    char **keys = calloc(st->n + 1, sizeof *keys);
    char(*paths)[PATH_MAX + 300] = calloc(st->n + 1, sizeof *paths);
    size_t k = 0;
    for (size_t i = 0; names && rows && keys && paths && i < st->n; i++) {
        if (!st->rows[i].analysed) continue;
        snprintf(paths[k], sizeof paths[k], "%s/%s", st->dir, st->rows[i].file);
        names[k] = paths[k];
        rows[k] = st->rows[i].metrics;
        keys[k++] = st->rows[i].key;
    }
    printf("\nanalysis (also in each point's .analysis.h5; snnbench analyze %s):\n", st->dir);
    snn_study_analysis_print(stdout, SNN_OUT_TABLE, st->n > 1, names, rows, keys, k);
    printf("\nfigures (snnbench plot):\n");
    fflush(stdout);
    const snn_plot_options o = {.format = "png", .width = 900, .height = 600};
    if (st->n == 1) {
        char file[PATH_MAX + 300];
        snprintf(file, sizeof file, "%s/%s", st->dir, st->rows[0].file);
        snn_plot_path(file, &o);
    } else {
        snn_plot_path(st->dir, &o);
    }
    free(names), free(rows), free(keys), free(paths);
    const snn_report_options ro = {.compare = SNN_COMPARE_DEFAULTS};
    char page[PATH_MAX], err[8192];
    if (snn_report_write(st->dir, &ro, page, sizeof page, err, sizeof err) == 2)
        fprintf(stderr, "snnbench run: report: %s\n", err);
    else
        printf("\nreport (snnbench report %s): %s\n", st->dir, page);
}

int snn_study_run(const snn_study_request *req) {
    char err[8192];
    study st = {.req = req, .lock = -1};
    if (load_study(req, &st.scenario, &st.points, &st.n, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench run: %s\n", err);
        return 2;
    }
    /* the scenario's launcher, unless --launcher overrides it */
    snn_study_request with_launcher = *req;
    if (!req->launcher && st.scenario.launcher[0]) with_launcher.launcher = st.scenario.launcher;
    st.req = &with_launcher;
    /* the executor: the option, else the scenario's */
    if (req->executor == SNN_EXECUTOR_DEFAULT)
        with_launcher.executor =
            st.scenario.executor_slurm ? SNN_EXECUTOR_SLURM : SNN_EXECUTOR_LOCAL;
    const int slurm = with_launcher.executor == SNN_EXECUTOR_SLURM;
    if (req->dry_run && !slurm) {
        dry_run(&st.scenario, st.points, st.n);
        study_free(&st);
        return 0;
    }
    if (prepare(&st, err, sizeof err) != SNN_OK) {
        if (req->from_slurm && st.lock_busy) { /* the waiting runner writes the summary */
            printf("snnbench run: %s: its runner still waits on the points and writes the "
                   "summary\n",
                   st.dir);
            study_free(&st);
            return 0;
        }
        if (err[0]) fprintf(stderr, "snnbench run: %s\n", err);
        study_free(&st);
        return 2;
    }
    if (req->dry_run) { /* slurm: the batch scripts and sbatch lines, nothing submitted */
        dry_run(&st.scenario, st.points, st.n);
        printf("\n# slurm: what would be submitted (nothing was)\n");
        size_t done, pending;
        study_executor_slurm(&st, &done, &pending);
        study_free(&st);
        return 0;
    }
    snn_point_signals_install();
    printf("study %s: %zu point%s into %s\n", st.scenario.name, st.n, st.n == 1 ? "" : "s", st.dir);
    const double t_start = snn_sysinfo_seconds();
    size_t done;
    size_t pending = 0;
    const size_t failed =
        slurm ? study_executor_slurm(&st, &done, &pending) : study_executor_local(&st, &done);
    if (snn_point_stop_signal()) {
        printf("study %s: stopped by signal %d after %zu of %zu points; run it again to go on\n",
               st.scenario.name, snn_point_stop_signal(), done, st.n);
        fflush(stdout);
        snn_study_unlock(st.lock);
        snn_point_signal_reraise();
    }
    if (pending > 0) {
        printf("study %s: %zu of %zu points ended, %zu queued or running in Slurm; "
               "`snnbench run %s -o %s --executor slurm --collect` (or the same run again) picks "
               "them up\n",
               st.scenario.name, done, st.n, pending, req->scenario, st.dir);
        study_free(&st);
        return failed ? 1 : 0;
    }
    printf("study %s: %zu of %zu points ok, %.0f s; summary: %s/summary.csv, %s/summary.h5\n",
           st.scenario.name, st.n - failed, st.n, snn_sysinfo_seconds() - t_start, st.dir, st.dir);
    if (failed) {
        printf("\nfailed points:\n%-40s %s\n", "point", "status");
        for (size_t i = 0; i < st.n; i++)
            if (!study_row_good(&st.rows[i]))
                printf("%-40s %s\n", st.points[i].name, st.rows[i].status);
    }
    if (req->analysis && failed < st.n) report(&st);
    snn_study_unlock(st.lock);
    st.lock = -1;
    snn_point_signal_reraise(); /* a signal during the analysis ends the runner here */
    study_free(&st);
    return failed ? 1 : 0;
}
