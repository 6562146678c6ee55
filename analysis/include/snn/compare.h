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

/* The table on stdout. Returns 0 (no regression), 1 (a regression) or 2 (unusable input,
 * said on stderr). */
int snn_compare_paths(const char *baseline, const char *candidate, const snn_compare_options *o);

/* Whether every name in a --only list is a gate metric (message in err if not). */
int snn_compare_check_only(const char *only, char *err, size_t errlen);

/* The gate metrics as a comma-separated line; defaults_only: those ci/perf-regression.sh
 * judges. */
void snn_compare_print_gate(FILE *out, int defaults_only);

#endif
