/* snn_compare: two results or two studies side by side, point by point (a point: the
 * parameters without the seed; repetitions by their median), with the regression verdict
 * for every metric the registry gives a gate (metrics.h). */
#ifndef SNN_COMPARE_H
#define SNN_COMPARE_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    double max_slowdown, max_memory;         /* ratios, e.g. 1.10 */
    double rate_tolerance, weight_tolerance; /* relative differences */
    int paired;                     /* i-th repetition against i-th, median of the ratios */
    int allow_different_parameters; /* two files of different points */
    const char *only;               /* comma-separated gate metrics; NULL: all */
} snn_compare_options;

#define SNN_COMPARE_DEFAULTS                                                                       \
    (snn_compare_options) {                                                                        \
        .max_slowdown = 1.10, .max_memory = 1.10, .rate_tolerance = 0.25, .weight_tolerance = 0.02 \
    }

/* One line of a comparison: a metric of one point on both sides. */
typedef struct {
    char point[256]; /* the point's leading parameters ("scale=1 threads=2 simtime=250") */
    char metric[64]; /* registry key, or across simulators the figure with its unit */
    double baseline, candidate;
    double ratio;      /* candidate / baseline (paired: median of the pairwise ratios); NAN:
                        * not compared */
    int is_difference; /* across simulators, rates and CV: candidate - baseline is the figure */
    char verdict[48];  /* "ok", "REGRESSION (slower)", "REGRESSION (memory)", "DYNAMICS MOVED",
                        * "not compared (neither side has it)", "not in NEW", or "" (across
                        * simulators: informative, no verdict) */
    int regression;
} snn_compare_row;

typedef struct {
    snn_compare_row *rows;
    size_t n_rows;
    int across_simulators; /* two files of different simulators: figures, no verdict */
    char base_simulator[96], new_simulator[96];
    char compared[1024];     /* the metrics judged, comma-separated */
    char not_compared[2048]; /* across simulators: what neither program's files give */
    char base_not_recovered[512], new_not_recovered[512];
    int regressions, comparisons;
    /* the recorded conditions (CPU, row loop, compiler, ...) in which the sides differ:
     * "key: BASELINE 'a'; NEW 'b'" lines, each ended by a newline (room for every condition
     * compare knows, each side's values up to 1 kB); informative, no verdict */
    char conditions_differ[20480];
    int n_conditions_differ;
} snn_compare_result;

/* Compares and keeps every line. Returns 0 (no regression), 1 (a regression) or 2 (unusable
 * input, err says why; res then holds nothing). snn_compare_result_free releases res. */
int snn_compare_run(const char *baseline, const char *candidate, const snn_compare_options *o,
                    snn_compare_result *res, char *err, size_t errlen);
void snn_compare_result_free(snn_compare_result *res);
/* The comparison as `snnbench compare` prints it. */
void snn_compare_print(FILE *out, const snn_compare_result *res, const snn_compare_options *o);
/* The conditions compare looks at, comma-separated ("cpu_model, cores, ..."). */
const char *snn_compare_condition_list(void);
/* The random-stream caveat of a comparison across simulators. */
extern const char snn_compare_caveat[];

/* snn_compare_run, then the table on stdout. Returns 0 (no regression), 1 (a regression) or
 * 2 (unusable input, said on stderr). */
int snn_compare_paths(const char *baseline, const char *candidate, const snn_compare_options *o);

/* Whether every name in a --only list is a gate metric (message in err if not). */
int snn_compare_check_only(const char *only, char *err, size_t errlen);

/* The gate metrics as a comma-separated line; defaults_only: those ci/perf-regression.sh
 * judges. */
void snn_compare_print_gate(FILE *out, int defaults_only);

#endif
