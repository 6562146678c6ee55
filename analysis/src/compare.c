/* snn_compare: speed, memory and dynamics of two results or two studies.
 * Studies are compared point by point (a point: the parameters without the seed), on the
 * median over its repetitions. A regression is a slowdown or growth beyond the thresholds,
 * or dynamics that moved beyond the tolerances; the exit status says which. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "snn/analysis.h"
#include "snn/compare.h"
#include "snn/error.h"
#include "snn/result_format.h"
#include "snn/result_paths.h"
#include "snn/result_reader.h"
#include "snn/study_analysis.h"

/* The metrics compare judges: those of the registry with a gate, in its order. */
static int compared_metrics(int *ids) {
    int n = 0;
    for (int m = 0; m < SNN_METRICS; m++)
        if (snn_metric_table[m].gate != SNN_GATE_NONE) ids[n++] = m;
    return n;
}
#define N_COMPARED SNN_METRICS

typedef struct {
    char key[SNN_POINT_KEY_MAX]; /* the point: parameters without the seed */
    double *runs[N_COMPARED];    /* per metric, the value of every repetition, in file order */
    size_t repetitions;
} point_summary;

/* What a timing depends on besides the code, as the result files record it: where the two
 * sides differ in one of these, their ratios measure that difference too, and compare says
 * so beside the table (the verdict stays the code's: the gate runs both sides on one
 * machine). */
static const char *const condition_keys[] = {"cpu_model",
                                             "cores",
                                             "rank_cpus_allowed",
                                             "rank_ee_row_loop",
                                             "compiler",
                                             "compiler_flags",
                                             "build_type",
                                             "kernel",
                                             "transparent_hugepages",
                                             NULL};
#define N_CONDITIONS  (sizeof condition_keys / sizeof condition_keys[0] - 1)
#define CONDITION_MAX 1024
_Static_assert(sizeof((snn_compare_result *)0)->conditions_differ >=
                   N_CONDITIONS * (2 * CONDITION_MAX + 64),
               "a line per condition, with both sides' values, fits the result");

typedef struct {
    point_summary *points;
    size_t count;
    /* per condition, the distinct values of the side's files, quoted, in file order, joined
     * by " | "; "not recorded" for files without it (older files, imported runs) */
    char conditions[N_CONDITIONS][CONDITION_MAX];
    /* a single file's simulator ("snnbench ..." or "NEST 3.9.0"); "" for a study folder */
    char simulator[96];
} side;

/* Whether item is one of the " | "-separated entries of list. */
static int listed(const char *list, const char *item) {
    const size_t n = strlen(item);
    for (const char *p = list; (p = strstr(p, item)); p++)
        if ((p == list || (p >= list + 3 && strncmp(p - 3, " | ", 3) == 0)) &&
            (p[n] == '\0' || strncmp(p + n, " | ", 3) == 0))
            return 1;
    return 0;
}

/* Whether every entry of list a is one of b's. */
static int all_listed(const char *a, const char *b) {
    for (const char *p = a; *p;) {
        const char *bar = strstr(p, " | ");
        const size_t n = bar ? (size_t)(bar - p) : strlen(p);
        char item[CONDITION_MAX];
        snprintf(item, sizeof item, "%.*s", (int)n, p);
        if (!listed(b, item)) return 0;
        p += n + (bar ? 3 : 0);
    }
    return 1;
}

/* A file's text as compare prints it: a control character (a newline, or a terminal's
 * escape in a crafted file) becomes '?', so that the text stays on its line and cannot drive
 * the terminal. */
static void printable(char *text) {
    for (char *c = text; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = '?';
}

/* Adds a file's value of condition k to the side's list, unless it is there already. */
static void note_condition(side *s, size_t k, const char *value) {
    char quoted[CONDITION_MAX];
    if (value)
        snprintf(quoted, sizeof quoted, "'%s'", value);
    else
        snprintf(quoted, sizeof quoted, "not recorded");
    printable(quoted);
    char *list = s->conditions[k];
    if (listed(list, quoted)) return;
    const size_t used = strlen(list);
    snprintf(list + used, CONDITION_MAX - used, "%s%s", used ? " | " : "", quoted);
}

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
static int load(const char *path, side *s, char *err, size_t errlen) {
    snn_result_paths paths;
    if (snn_result_paths_list(path, &paths, err, errlen) != SNN_OK) return -1;
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    double(*values)[N_COMPARED] = calloc(paths.count, sizeof *values);
    char(*keys)[SNN_POINT_KEY_MAX] = calloc(paths.count, sizeof *keys);
    int status = 0;
    for (size_t i = 0; i < paths.count && status == 0; i++) {
        snn_result r;
        snn_analysis a;
        if (snn_result_read(paths.paths[i], &r, err, errlen) != SNN_OK) {
            status = -1;
            break;
        }
        if (snn_analyze(&r, &o, &a) != SNN_OK) {
            snprintf(err, errlen, "%s: out of memory analysing it", paths.paths[i]);
            snn_result_free(&r);
            status = -1;
            break;
        }
        snn_result_point_key(&r, keys[i], SNN_POINT_KEY_MAX);
        if (!paths.is_study) snprintf(s->simulator, sizeof s->simulator, "%s", r.simulator);
        for (size_t k = 0; k < N_CONDITIONS; k++)
            note_condition(s, k, snn_result_provenance(&r, condition_keys[k]));
        memcpy(values[i], a.value, sizeof values[i]);
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

/* The conditions whose values differ between the sides, one "key: BASELINE ...; NEW ..."
 * line each, into res. */
static void compare_conditions(const side *base, const side *fresh, snn_compare_result *res) {
    for (size_t k = 0; k < N_CONDITIONS; k++) {
        if (all_listed(base->conditions[k], fresh->conditions[k]) &&
            all_listed(fresh->conditions[k], base->conditions[k]))
            continue;
        const size_t used = strlen(res->conditions_differ);
        snprintf(res->conditions_differ + used, sizeof res->conditions_differ - used,
                 "%s: BASELINE %s; NEW %s\n", condition_keys[k], base->conditions[k],
                 fresh->conditions[k]);
        res->n_conditions_differ++;
    }
}

const char *snn_compare_condition_list(void) {
    static char list[256];
    if (!list[0])
        for (size_t k = 0; k < N_CONDITIONS; k++) {
            const size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", condition_keys[k]);
        }
    return list;
}

static void free_side(side *s) {
    for (size_t i = 0; i < s->count; i++)
        for (size_t m = 0; m < N_COMPARED; m++)
            free(s->points[i].runs[m]);
    free(s->points);
}

/* The parameters a reader looks for first, "scale=1 threads=2 simtime=250 ". */
static void short_key(const char *key, char *buf, size_t len) {
    const char *wanted[] = {"simulation.scale=", "simulation.threads=", "simulation.simtime="};
    buf[0] = '\0';
    for (size_t i = 0; i < 3; i++) {
        const char *at = strstr(key, wanted[i]);
        if (!at) continue;
        const size_t n = strcspn(at, ";"), used = strlen(buf);
        snprintf(buf + used, len - used, "%.*s ", (int)(n - 11), at + 11);
    }
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

typedef enum { JUDGED_OK, JUDGED_REGRESSION, JUDGED_ABSENT, JUDGED_UNUSABLE } judged;

/* One metric of one point on both sides: its line (row), and the verdict. */
static judged judge(const point_summary *pb, const point_summary *pn, int m,
                    const snn_compare_options *co, snn_compare_row *row, char *err, size_t errlen) {
    const snn_metric_desc *d = &snn_metric_table[m];
    short_key(pb->key, row->point, sizeof row->point);
    snprintf(row->metric, sizeof row->metric, "%s", d->key);
    row->baseline = row->candidate = row->ratio = NAN;
    const int base_missing = !all_finite(pb->runs[m], pb->repetitions);
    const int new_missing = !all_finite(pn->runs[m], pn->repetitions);
    if (d->optional && base_missing && new_missing) {
        snprintf(row->verdict, sizeof row->verdict, "not compared (neither side has it)");
        return JUDGED_ABSENT;
    }
    if (base_missing || new_missing) {
        snprintf(err, errlen,
                 "%s: %s is missing or not finite in %s; a gate metric must be a number on "
                 "both sides",
                 row->point, d->key,
                 base_missing && new_missing ? "BASELINE and NEW"
                 : base_missing              ? "BASELINE"
                                             : "NEW");
        return JUDGED_UNUSABLE;
    }
    const double x = median(pb->runs[m], pb->repetitions);
    const double y = median(pn->runs[m], pn->repetitions);
    double ratio = y / x;
    if (co->paired) {
        double ratios[pb->repetitions + 1];
        for (size_t k = 0; k < pb->repetitions; k++)
            ratios[k] = pn->runs[m][k] / pb->runs[m][k];
        ratio = median(ratios, pb->repetitions);
    }
    const char *verdict = "ok";
    if (d->gate == SNN_GATE_RATE || d->gate == SNN_GATE_WEIGHT) {
        const double tol = d->gate == SNN_GATE_RATE ? co->rate_tolerance : co->weight_tolerance;
        if (fabs(y - x) > tol * fabs(x)) verdict = "DYNAMICS MOVED";
    } else {
        const int memory = d->gate == SNN_GATE_MEMORY;
        const double limit = memory ? co->max_memory : co->max_slowdown;
        const double worse = d->higher_is_better > 0 ? 1.0 / ratio : ratio;
        if (!(worse <= limit)) verdict = memory ? "REGRESSION (memory)" : "REGRESSION (slower)";
    }
    row->baseline = x, row->candidate = y, row->ratio = ratio;
    snprintf(row->verdict, sizeof row->verdict, "%s", verdict);
    row->regression = strcmp(verdict, "ok") != 0;
    return row->regression ? JUDGED_REGRESSION : JUDGED_OK;
}

int snn_compare_check_only(const char *only, char *err, size_t errlen) {
    if (!only[0] || strspn(only, ",") == strlen(only)) {
        snprintf(err, errlen,
                 "--only names no metric; allowed: a comma-separated list of the "
                 "metrics in --help");
        return SNN_ERR_PARAM;
    }
    for (const char *p = only; *p; p += strcspn(p, ","), p += *p == ',') {
        const size_t n = strcspn(p, ",");
        if (n == 0) continue;
        int known = 0;
        for (int m = 0; m < SNN_METRICS; m++)
            known |= snn_metric_table[m].gate != SNN_GATE_NONE &&
                     strlen(snn_metric_table[m].key) == n &&
                     strncmp(p, snn_metric_table[m].key, n) == 0;
        if (!known) {
            snprintf(err, errlen, "--only: unknown metric '%.*s'", (int)n, p);
            return SNN_ERR_PARAM;
        }
    }
    return SNN_OK;
}

void snn_compare_print_gate(FILE *out, int defaults_only) {
    const char *sep = "";
    for (int m = 0; m < SNN_METRICS; m++)
        if (snn_metric_table[m].gate != SNN_GATE_NONE &&
            (!defaults_only || snn_metric_table[m].in_default_gate))
            fprintf(out, "%s%s", sep, snn_metric_table[m].key), sep = ",";
    fputc('\n', out);
}

const char snn_compare_caveat[] =
    "the two simulators draw the network, the drive and the initial state from different "
    "random streams, so rates and CV can agree only as statistics (about 1/sqrt(spikes) "
    "relative, plus the run-to-run spread of the model), not spike for spike; speed and memory "
    "are the two programs' own.";

static snn_compare_row *add_row(snn_compare_result *res) {
    snn_compare_row *grown = realloc(res->rows, (res->n_rows + 1) * sizeof *grown);
    if (!grown) return NULL;
    res->rows = grown;
    snn_compare_row *row = &res->rows[res->n_rows++];
    *row = (snn_compare_row){.baseline = NAN, .candidate = NAN, .ratio = NAN};
    return row;
}

/* Two runs of different simulators: the same model, different random streams. Speed and
 * memory as ratios, rates and irregularity as differences, like for like (NEST logs VmSize,
 * set against our VmPeak), and what one side's files do not give listed as not compared.
 * Informative only: no verdict, status 0. */
static int compare_across_simulators(const char *baseline, const char *candidate,
                                     snn_compare_result *res, char *err, size_t errlen) {
    const char *paths[2] = {baseline, candidate};
    snn_result r[2];
    snn_analysis a[2];
    char key[SNN_POINT_KEY_MAX];
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    int loaded = 0;
    for (int k = 0; k < 2; k++) {
        if (snn_result_read(paths[k], &r[k], err, errlen) != SNN_OK ||
            snn_study_analysis_file(paths[k], &o, &a[k], key, err, errlen) != SNN_OK) {
            if (k == 1) snn_result_free(&r[0]), snn_analysis_free(&a[0]);
            if (loaded > k) snn_result_free(&r[k]);
            return 2;
        }
        loaded++;
    }
    res->across_simulators = 1;
    snprintf(res->base_simulator, sizeof res->base_simulator, "%s", r[0].simulator);
    snprintf(res->new_simulator, sizeof res->new_simulator, "%s", r[1].simulator);
    const struct {
        const char *name;
        int timer; /* a /timers field, or -1 for an analysis metric */
        int metric;
        int difference; /* new - base instead of the ratio */
    } figures[] = {
        {"time_construction_connect (s)", SNN_TIMER_CONSTRUCTION_CONNECT, -1, 0},
        {"time_presimulate (s)", SNN_TIMER_PRESIMULATE, -1, 0},
        {"time_simulate (s)", SNN_TIMER_SIMULATE, -1, 0},
        {"rtf", SNN_TIMER_RTF, -1, 0},
        {"VmPeak_after_edges (kB, VmSize)", SNN_TIMER_VMPEAK_AFTER_EDGES, -1, 0},
        {"VmPeak_after_sim (kB, VmSize)", SNN_TIMER_VMPEAK_AFTER_SIM, -1, 0},
        {"rate_mean (spikes/s)", -1, SNN_M_RATE_MEAN, 1},
        {"cv_isi_mean", -1, SNN_M_CV_ISI_MEAN, 1},
        {"cv_isi_median", -1, SNN_M_CV_ISI_MEDIAN, 1},
    };
    char missing[1024] = "";
    int status = 0;
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        double v[2];
        for (int k = 0; k < 2; k++)
            v[k] = figures[i].timer >= 0
                       ? snn_result_timer(&r[k], snn_result_timer_fields[figures[i].timer].name)
                       : a[k].value[figures[i].metric];
        if (!isfinite(v[0]) || !isfinite(v[1])) {
            const size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, "%s%s", used ? ", " : "",
                     figures[i].name);
            continue;
        }
        snn_compare_row *row = add_row(res);
        if (!row) {
            snprintf(err, errlen, "out of memory for the comparison");
            status = 2;
            break;
        }
        snprintf(row->metric, sizeof row->metric, "%s", figures[i].name);
        row->baseline = v[0], row->candidate = v[1];
        row->is_difference = figures[i].difference;
        row->ratio = figures[i].difference ? v[1] - v[0] : v[1] / v[0];
    }
    snprintf(res->not_compared, sizeof res->not_compared,
             "weights (mean, std, histograms, dip), VmRSS and VmHWM (NEST logs VmSize only), "
             "synaptic events per second, bytes per synapse%s%s",
             missing[0] ? ", " : "", missing);
    snprintf(res->base_not_recovered, sizeof res->base_not_recovered, "%s", r[0].not_recovered);
    snprintf(res->new_not_recovered, sizeof res->new_not_recovered, "%s", r[1].not_recovered);
    char *texts[] = {res->base_simulator, res->new_simulator, res->base_not_recovered,
                     res->new_not_recovered};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        printable(texts[i]);
    for (int k = 0; k < 2; k++)
        snn_result_free(&r[k]), snn_analysis_free(&a[k]);
    if (status) snn_compare_result_free(res);
    return status;
}

void snn_compare_result_free(snn_compare_result *res) {
    free(res->rows);
    *res = (snn_compare_result){0};
}

int snn_compare_run(const char *baseline, const char *candidate, const snn_compare_options *co,
                    snn_compare_result *res, char *err, size_t errlen) {
    *res = (snn_compare_result){0};
    const int paired = co->paired;
    const char *only = co->only;
    int ids[SNN_METRICS];
    const int n_ids = compared_metrics(ids);
    side base = {0}, fresh = {0};
    if (load(baseline, &base, err, errlen) || load(candidate, &fresh, err, errlen)) {
        free_side(&base);
        free_side(&fresh);
        return 2;
    }
    /* two single files, one of another simulator: no verdict, the figures side by side */
    if (base.simulator[0] && fresh.simulator[0] &&
        (strncmp(base.simulator, "snnbench", 8) != 0 ||
         strncmp(fresh.simulator, "snnbench", 8) != 0)) {
        free_side(&base);
        free_side(&fresh);
        return compare_across_simulators(baseline, candidate, res, err, errlen);
    }
    for (int i = 0; i < n_ids; i++)
        if (selected(only, snn_metric_table[ids[i]].key)) {
            const size_t used = strlen(res->compared);
            snprintf(res->compared + used, sizeof res->compared - used, "%s%s", used ? ", " : "",
                     snn_metric_table[ids[i]].key);
        }
    compare_conditions(&base, &fresh, res);
    int matched = 0, status = 0;
    if (base.count == 1 && fresh.count == 1 && strcmp(base.points[0].key, fresh.points[0].key) &&
        !co->allow_different_parameters) {
        char diff[4096];
        describe_difference(base.points[0].key, fresh.points[0].key, diff, sizeof diff);
        snprintf(err, errlen,
                 "the two runs have different parameters (%s); pass "
                 "--allow-different-parameters to compare them anyway",
                 diff);
        status = 2;
    }
    for (size_t b = 0; b < base.count && status == 0; b++) {
        const point_summary *pb = &base.points[b], *pn = NULL;
        for (size_t n = 0; n < fresh.count; n++)
            if (strcmp(fresh.points[n].key, pb->key) == 0) pn = &fresh.points[n];
        if (!pn && base.count == 1 && fresh.count == 1) pn = &fresh.points[0]; /* two files */
        if (!pn) {
            snn_compare_row *row = add_row(res);
            if (!row) break;
            short_key(pb->key, row->point, sizeof row->point);
            snprintf(row->verdict, sizeof row->verdict, "not in NEW");
            continue;
        }
        if (paired && pn->repetitions != pb->repetitions) {
            char point[256];
            short_key(pb->key, point, sizeof point);
            snprintf(err, errlen, "--paired: %zu runs in BASELINE, %zu in NEW for %s",
                     pb->repetitions, pn->repetitions, point);
            status = 2;
            break;
        }
        matched++;
        for (int i = 0; i < n_ids && status == 0; i++) {
            const int m = ids[i];
            if (!selected(only, snn_metric_table[m].key)) continue;
            snn_compare_row *row = add_row(res);
            if (!row) {
                snprintf(err, errlen, "out of memory for the comparison");
                status = 2;
                break;
            }
            const judged j = judge(pb, pn, m, co, row, err, errlen);
            if (j == JUDGED_UNUSABLE) status = 2;
            res->comparisons += j == JUDGED_OK || j == JUDGED_REGRESSION;
            res->regressions += j == JUDGED_REGRESSION;
        }
    }
    free_side(&base);
    free_side(&fresh);
    if (status == 0 && matched == 0) {
        snprintf(err, errlen, "no point of BASELINE is in NEW");
        status = 2;
    }
    if (status == 0 && res->comparisons == 0) {
        snprintf(err, errlen,
                 "nothing was compared (every selected metric is absent from both sides)");
        status = 2;
    }
    if (status) {
        snn_compare_result_free(res);
        return status;
    }
    return res->regressions ? 1 : 0;
}

void snn_compare_print(FILE *out, const snn_compare_result *res, const snn_compare_options *co) {
    if (res->across_simulators) {
        fprintf(out, "across simulators: BASELINE %s, NEW %s\n", res->base_simulator,
                res->new_simulator);
        fprintf(out, "caveat: %s\n", snn_compare_caveat);
        fprintf(out, "%-34s %14s %14s %12s\n", "figure", "baseline", "new", "new/base");
        for (size_t i = 0; i < res->n_rows; i++) {
            const snn_compare_row *row = &res->rows[i];
            if (row->is_difference)
                fprintf(out, "%-34s %14.6g %14.6g %+12.4g (difference)\n", row->metric,
                        row->baseline, row->candidate, row->ratio);
            else
                fprintf(out, "%-34s %14.6g %14.6g %12.4f\n", row->metric, row->baseline,
                        row->candidate, row->ratio);
        }
        fprintf(out, "not compared (one side's files do not give them): %s\n", res->not_compared);
        if (res->base_not_recovered[0])
            fprintf(out, "BASELINE could not give: %s\n", res->base_not_recovered);
        if (res->new_not_recovered[0])
            fprintf(out, "NEW could not give: %s\n", res->new_not_recovered);
        return;
    }
    fprintf(out, "compared: %s\n", res->compared);
    fprintf(out, "%-28s %-26s %14s %14s %9s  %s\n", "point", "metric", "baseline", "new",
            co->paired ? "med.ratio" : "ratio", "verdict");
    for (size_t i = 0; i < res->n_rows; i++) {
        const snn_compare_row *row = &res->rows[i];
        if (strcmp(row->verdict, "not in NEW") == 0)
            fprintf(out, "%-28s (not in NEW)\n", row->point);
        else if (isnan(row->ratio))
            fprintf(out, "%-28s %-26s %14s %14s %9s  %s\n", row->point, row->metric, "-", "-", "-",
                    row->verdict);
        else
            fprintf(out, "%-28s %-26s %14.6g %14.6g %9.4f  %s\n", row->point, row->metric,
                    row->baseline, row->candidate, row->ratio, row->verdict);
    }
    fprintf(out,
            "%s: %d regression%s in %d comparisons (max slowdown %.2f, max memory %.2f, rate "
            "tolerance %.2f, weight tolerance %.3f%s)\n",
            res->regressions ? "FAIL" : "PASS", res->regressions, res->regressions == 1 ? "" : "s",
            res->comparisons, co->max_slowdown, co->max_memory, co->rate_tolerance,
            co->weight_tolerance, co->paired ? ", medians of pairwise ratios" : "");
    if (res->n_conditions_differ) {
        fprintf(out, "conditions that differ (the ratios measure them as well as the code):\n");
        for (const char *line = res->conditions_differ; *line;) {
            const size_t n = strcspn(line, "\n");
            fputs("  ", out);
            fwrite(line, 1, n, out);
            fputc('\n', out);
            line += n + (line[n] == '\n');
        }
    } else
        fprintf(out, "conditions alike on both sides: %s\n", snn_compare_condition_list());
}

int snn_compare_paths(const char *baseline, const char *candidate, const snn_compare_options *co) {
    snn_compare_result res;
    char err[8192];
    const int status = snn_compare_run(baseline, candidate, co, &res, err, sizeof err);
    if (status == 2) {
        fprintf(stderr, "snnbench compare: %s\n", err);
        return 2;
    }
    snn_compare_print(stdout, &res, co);
    snn_compare_result_free(&res);
    return status;
}
