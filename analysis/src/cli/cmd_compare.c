/* snnbench compare BASELINE NEW: speed, memory and dynamics of two results or two studies.
 * Studies are compared point by point (a point: the parameters without the seed), on the
 * median over its repetitions. A regression is a slowdown or growth beyond the thresholds,
 * or dynamics that moved beyond the tolerances; the exit status says which. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cmd_analysis.h"
#include "result_paths.h"
#include "snn/analysis.h"
#include "snn/error.h"

typedef enum { LOWER_IS_BETTER, HIGHER_IS_BETTER, DYNAMICS } direction;

typedef struct {
    const char *key;
    direction dir;
    int memory;   /* judged against --max-memory rather than --max-slowdown */
    int optional; /* a kind of file may lack it (no weight snapshots): "not compared" when
                     both sides lack it; every other metric must be finite on both sides */
} compared;

static const compared metrics[] = {
    {"time_simulate", LOWER_IS_BETTER, 0, 0},
    {"time_presimulate", LOWER_IS_BETTER, 0, 0},
    {"time_construction_connect", LOWER_IS_BETTER, 0, 0},
    {"events_per_second", HIGHER_IS_BETTER, 0, 0},
    {"VmHWM", LOWER_IS_BETTER, 1, 0},
    {"bytes_per_synapse", LOWER_IS_BETTER, 1, 0},
    {"rate_mean", DYNAMICS, 0, 0},
    {"weight_mean", DYNAMICS, 0, 1},
    {"weight_std", DYNAMICS, 0, 1},
};
#define N_COMPARED (sizeof metrics / sizeof metrics[0])

typedef struct {
    char key[8192];           /* the point: parameters without the seed */
    double *runs[N_COMPARED]; /* per metric, the value of every repetition, in file order */
    size_t repetitions;
} point_summary;

typedef struct {
    point_summary *points;
    size_t count;
} side;

static double median(const double *v, size_t n) {
    if (n == 0) return NAN;
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted) return NAN;
    memcpy(sorted, v, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    const double m = gsl_stats_median_from_sorted_data(sorted, 1, n);
    free(sorted);
    return m;
}

/* Reads every file and groups the repetitions of each point (files in name order). */
static int load(const char *path, side *s) {
    char err[4352];
    snn_result_paths paths;
    if (snn_result_paths_list(path, &paths, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench compare: %s\n", err);
        return -1;
    }
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    double(*values)[N_COMPARED] = calloc(paths.count, sizeof *values);
    char(*keys)[8192] = calloc(paths.count, sizeof *keys);
    int status = 0;
    for (size_t i = 0; i < paths.count && status == 0; i++) {
        snn_result r;
        snn_analysis a;
        if (snn_result_read(paths.paths[i], &r, err, sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench compare: %s\n", err);
            status = -1;
            break;
        }
        if (snn_analyze(&r, &o, &a) != SNN_OK) {
            fprintf(stderr, "snnbench compare: %s: out of memory\n", paths.paths[i]);
            snn_result_free(&r);
            status = -1;
            break;
        }
        snn_result_point_key(&r, keys[i], sizeof keys[i]);
        for (size_t m = 0; m < N_COMPARED; m++)
            values[i][m] = snn_analysis_get(&a, metrics[m].key);
        snn_analysis_free(&a);
        snn_result_free(&r);
    }
    s->points = calloc(paths.count + 1, sizeof *s->points);
    s->count = 0;
    int *done = calloc(paths.count + 1, sizeof *done);
    for (size_t i = 0; i < paths.count && status == 0; i++) {
        if (done[i]) continue;
        point_summary *p = &s->points[s->count++];
        snprintf(p->key, sizeof p->key, "%s", keys[i]);
        for (size_t m = 0; m < N_COMPARED; m++)
            p->runs[m] = malloc(paths.count * sizeof(double));
        for (size_t j = i; j < paths.count; j++)
            if (!done[j] && strcmp(keys[i], keys[j]) == 0) {
                for (size_t m = 0; m < N_COMPARED; m++)
                    p->runs[m][p->repetitions] = values[j][m];
                p->repetitions++;
                done[j] = 1;
            }
    }
    free(values), free(keys), free(done);
    snn_result_paths_free(&paths);
    return status;
}

static void free_side(side *s) {
    for (size_t i = 0; i < s->count; i++)
        for (size_t m = 0; m < N_COMPARED; m++)
            free(s->points[i].runs[m]);
    free(s->points);
}

static const char *short_key(const char *key) {
    /* the parameters a reader looks for first */
    static char buf[256];
    const char *wanted[] = {"simulation.scale=", "simulation.threads=", "simulation.simtime="};
    buf[0] = '\0';
    for (size_t i = 0; i < 3; i++) {
        const char *at = strstr(key, wanted[i]);
        if (!at) continue;
        const size_t n = strcspn(at, ";");
        strncat(buf, at + 11, n - 11 < sizeof buf - strlen(buf) - 2 ? n - 11 : 0);
        strcat(buf, " ");
    }
    return buf;
}

static int all_finite(const double *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return 0;
    return n > 0;
}

/* "k=v;" lists of two points: the keys whose values differ, as "k: a -> b". */
static void describe_difference(const char *a, const char *b, char *out, size_t len) {
    out[0] = '\0';
    for (const char *p = a; *p; p += strcspn(p, ";"), p += *p == ';') {
        const size_t item = strcspn(p, ";"), name = strcspn(p, "=");
        if (name >= item) continue;
        char key[200], mine[200];
        snprintf(key, sizeof key, "%.*s=", (int)name, p);
        snprintf(mine, sizeof mine, "%.*s", (int)(item - name - 1), p + name + 1);
        const char *other = strstr(b, key);
        while (other && other != b && other[-1] != ';')
            other = strstr(other + 1, key);
        char theirs[200] = "absent";
        if (other)
            snprintf(theirs, sizeof theirs, "%.*s", (int)strcspn(other + strlen(key), ";"),
                     other + strlen(key));
        if (strcmp(mine, theirs) == 0) continue;
        const size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%.*s: %s -> %s", used ? ", " : "", (int)name, p, mine,
                 theirs);
    }
}

static int selected(const char *only, const char *key) {
    if (!only) return 1;
    const size_t n = strlen(key);
    for (const char *p = only; (p = strstr(p, key)); p += n)
        if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return 1;
    return 0;
}

int snn_cmd_compare(int argc, char **argv) {
    enum { SLOWDOWN = 256, MEMORY, RATE_TOL, WEIGHT_TOL, PAIRED, ONLY, ALLOW_DIFFERENT };
    static const struct option options[] = {
        {"max-slowdown", required_argument, 0, SLOWDOWN},
        {"max-memory", required_argument, 0, MEMORY},
        {"rate-tolerance", required_argument, 0, RATE_TOL},
        {"weight-tolerance", required_argument, 0, WEIGHT_TOL},
        {"paired", no_argument, 0, PAIRED},
        {"only", required_argument, 0, ONLY},
        {"allow-different-parameters", no_argument, 0, ALLOW_DIFFERENT},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    double max_slowdown = 1.10, max_memory = 1.10, rate_tol = 0.25, weight_tol = 0.02;
    int paired = 0, allow_different = 0, opt;
    const char *only = NULL;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (opt == 'h') {
            printf(
                "usage: snnbench compare BASELINE NEW [--max-slowdown 1.10] [--max-memory 1.10]\n"
                "       [--rate-tolerance 0.25] [--weight-tolerance 0.02] [--paired]\n"
                "       [--only METRIC,METRIC...] [--allow-different-parameters]\n"
                "BASELINE, NEW: result files or study folders. --paired: the i-th repetition of\n"
                "a point in BASELINE goes with the i-th in NEW (runs made alternately), and the\n"
                "verdict uses the median of the pairwise ratios. Two files of different\n"
                "parameters (scale, times, threads, ...) are refused unless\n"
                "--allow-different-parameters. Metrics: time_simulate, time_presimulate,\n"
                "time_construction_connect, events_per_second, VmHWM, bytes_per_synapse,\n"
                "rate_mean, weight_mean, weight_std (the weights may be absent from both sides:\n"
                "then listed as not compared). Exit 0: no regression; 1: a regression; 2:\n"
                "unusable input (a metric missing or not finite, nothing compared).\n");
            return 0;
        }
        if (opt == PAIRED) {
            paired = 1;
            continue;
        }
        if (opt == ALLOW_DIFFERENT) {
            allow_different = 1;
            continue;
        }
        if (opt == ONLY) {
            only = optarg;
            if (!only[0] || strspn(only, ",") == strlen(only)) {
                fprintf(stderr, "snnbench compare: --only names no metric; allowed: a comma-"
                                "separated list of the metrics in --help\n");
                return 2;
            }
            for (const char *p = only; *p; p += strcspn(p, ","), p += *p == ',') {
                if (strcspn(p, ",") == 0) continue;
                int known = 0;
                for (size_t m = 0; m < N_COMPARED; m++)
                    known |= strlen(metrics[m].key) == strcspn(p, ",") &&
                             strncmp(p, metrics[m].key, strcspn(p, ",")) == 0;
                if (!known) {
                    fprintf(stderr, "snnbench compare: --only: unknown metric '%.*s'\n",
                            (int)strcspn(p, ","), p);
                    return 2;
                }
            }
            continue;
        }
        double *dst = opt == SLOWDOWN     ? &max_slowdown
                      : opt == MEMORY     ? &max_memory
                      : opt == RATE_TOL   ? &rate_tol
                      : opt == WEIGHT_TOL ? &weight_tol
                                          : NULL;
        char *end;
        const double v = dst ? strtod(optarg, &end) : NAN;
        if (!dst || *end || !(v > 0 && v < 1000)) {
            fprintf(stderr, "snnbench compare: bad option; thresholds are numbers in (0, 1000)\n");
            return 2;
        }
        *dst = v;
    }
    if (optind + 2 != argc) {
        fprintf(stderr, "usage: snnbench compare BASELINE NEW [options]\n");
        return 2;
    }
    side base = {0}, fresh = {0};
    if (load(argv[optind], &base) || load(argv[optind + 1], &fresh)) {
        free_side(&base);
        free_side(&fresh);
        return 2;
    }
    int regressions = 0, matched = 0, status = 0, compared_values = 0;
    printf("compared: ");
    for (size_t m = 0, first = 1; m < N_COMPARED; m++)
        if (selected(only, metrics[m].key))
            printf("%s%s", first ? "" : ", ", metrics[m].key), first = 0;
    printf("\n");
    if (base.count == 1 && fresh.count == 1 && strcmp(base.points[0].key, fresh.points[0].key) &&
        !allow_different) {
        char diff[4096];
        describe_difference(base.points[0].key, fresh.points[0].key, diff, sizeof diff);
        fprintf(stderr,
                "snnbench compare: the two runs have different parameters (%s); pass "
                "--allow-different-parameters to compare them anyway\n",
                diff);
        free_side(&base);
        free_side(&fresh);
        return 2;
    }
    printf("%-28s %-26s %14s %14s %9s  %s\n", "point", "metric", "baseline", "new",
           paired ? "med.ratio" : "ratio", "verdict");
    for (size_t b = 0; b < base.count && status == 0; b++) {
        const point_summary *pb = &base.points[b], *pn = NULL;
        for (size_t n = 0; n < fresh.count; n++)
            if (strcmp(fresh.points[n].key, pb->key) == 0) pn = &fresh.points[n];
        if (!pn && base.count == 1 && fresh.count == 1) pn = &fresh.points[0]; /* two files */
        if (!pn) {
            printf("%-28s (not in NEW)\n", short_key(pb->key));
            continue;
        }
        if (paired && pn->repetitions != pb->repetitions) {
            fprintf(stderr, "snnbench compare: --paired: %zu runs in BASELINE, %zu in NEW for %s\n",
                    pb->repetitions, pn->repetitions, short_key(pb->key));
            status = 2;
            break;
        }
        matched++;
        for (size_t m = 0; m < N_COMPARED && status == 0; m++) {
            if (!selected(only, metrics[m].key)) continue;
            const int base_missing = !all_finite(pb->runs[m], pb->repetitions);
            const int new_missing = !all_finite(pn->runs[m], pn->repetitions);
            if (metrics[m].optional && base_missing && new_missing) {
                printf("%-28s %-26s %14s %14s %9s  %s\n", short_key(pb->key), metrics[m].key, "-",
                       "-", "-", "not compared (neither side has it)");
                continue;
            }
            if (base_missing || new_missing) {
                fprintf(stderr,
                        "snnbench compare: %s: %s is missing or not finite in %s; a gate metric "
                        "must be a number on both sides\n",
                        short_key(pb->key), metrics[m].key,
                        base_missing && new_missing ? "BASELINE and NEW"
                        : base_missing              ? "BASELINE"
                                                    : "NEW");
                status = 2;
                break;
            }
            const double x = median(pb->runs[m], pb->repetitions);
            const double y = median(pn->runs[m], pn->repetitions);
            double ratio = y / x;
            if (paired) {
                double ratios[pb->repetitions + 1];
                for (size_t k = 0; k < pb->repetitions; k++)
                    ratios[k] = pn->runs[m][k] / pb->runs[m][k];
                ratio = median(ratios, pb->repetitions);
            }
            const char *verdict = "ok";
            if (metrics[m].dir == DYNAMICS) {
                const double tol = strcmp(metrics[m].key, "rate_mean") == 0 ? rate_tol : weight_tol;
                if (fabs(y - x) > tol * fabs(x)) verdict = "DYNAMICS MOVED", regressions++;
            } else {
                const double limit = metrics[m].memory ? max_memory : max_slowdown;
                const double worse = metrics[m].dir == LOWER_IS_BETTER ? ratio : 1.0 / ratio;
                if (!(worse <= limit))
                    verdict = metrics[m].memory ? "REGRESSION (memory)" : "REGRESSION (slower)",
                    regressions++;
            }
            compared_values++;
            printf("%-28s %-26s %14.6g %14.6g %9.4f  %s\n", short_key(pb->key), metrics[m].key, x,
                   y, ratio, verdict);
        }
    }
    free_side(&base);
    free_side(&fresh);
    if (status) return status;
    if (matched == 0) {
        fprintf(stderr, "snnbench compare: no point of BASELINE is in NEW\n");
        return 2;
    }
    if (compared_values == 0) {
        fprintf(stderr, "snnbench compare: nothing was compared (every selected metric is absent "
                        "from both sides)\n");
        return 2;
    }
    printf("%s: %d regression%s in %d comparisons (max slowdown %.2f, max memory %.2f, rate "
           "tolerance %.2f, weight tolerance %.3f%s)\n",
           regressions ? "FAIL" : "PASS", regressions, regressions == 1 ? "" : "s", compared_values,
           max_slowdown, max_memory, rate_tol, weight_tol,
           paired ? ", medians of pairwise ratios" : "");
    return regressions ? 1 : 0;
}
