/* snn_dip: Hartigan's dip test of unimodality (Hartigan & Hartigan 1985; algorithm AS 217,
 * Hartigan 1985, with the two published corrections).
 *
 * snn_dip_sorted computes the dip statistic of sorted data: the sup-distance between the
 * empirical CDF and the closest unimodal CDF, in [1/(2n), 1/4] (1/2 for n = 1). snn_dip_p_value
 * interpolates the probability of a dip at least that large among n uniform samples, in a table
 * this project computed by Monte Carlo with its own implementation (tools/make_dip_table.c).
 */
#ifndef SNN_DIP_H
#define SNN_DIP_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>

/* A verdict that could not be computed is NA, never a default. */
typedef enum { SNN_VERDICT_NO = 0, SNN_VERDICT_YES = 1, SNN_VERDICT_NA = -1 } snn_dip_verdict;

typedef struct {
    size_t n;
    double dip;     /* NAN when it cannot be computed (empty sample, a non-finite value) */
    double p_value; /* NAN likewise */
    snn_dip_verdict unimodal; /* p_value >= alpha; NA when p_value is NAN */
} snn_dip_result;

/* A verdict as a metric value: 1, 0 or NAN. */
static inline double snn_dip_verdict_value(snn_dip_verdict v) {
    return v == SNN_VERDICT_NA ? (double)NAN : (double)v;
}
static inline const char *snn_dip_verdict_text(snn_dip_verdict v) {
    return v == SNN_VERDICT_NA ? "NA" : v ? "true" : "false";
}

/* x sorted ascending, n >= 1. Returns the dip; NAN if memory runs out. */
double snn_dip_sorted(const double *x, size_t n);
/* P(dip of n uniforms >= dip); 1 for n <= 3. */
double snn_dip_p_value(double dip, size_t n);
/* Sorts a copy of x, computes dip and p-value; unimodal when p >= alpha. Any finite input
 * works (subnormal, huge); a non-finite value or an empty sample gives NA. SNN_OK or NOMEM. */
int snn_dip_test(const double *x, size_t n, double alpha, snn_dip_result *out);

/* Reads numbers, one per line (blank lines and lines starting with # skipped), from in, lines
 * of any length. *values is malloc'ed. An entry that is not a finite number is an error
 * naming the stream (name) and the line. */
int snn_dip_read_numbers(FILE *in, const char *name, double **values, size_t *count, char *err,
                         size_t errlen);

#endif
