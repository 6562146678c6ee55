/* snn_dip: Hartigan's dip test of unimodality (Hartigan & Hartigan 1985; algorithm AS 217,
 * Hartigan 1985, with the two published corrections).
 *
 * snn_dip_sorted computes the dip statistic of sorted data: the sup-distance between the
 * empirical CDF and the closest unimodal CDF, in (0, 1/4]. snn_dip_p_value interpolates the
 * probability of a dip at least that large among n uniform samples, in a table this project
 * computed by Monte Carlo with its own implementation (tools/make_dip_table.c).
 */
#ifndef SNN_DIP_H
#define SNN_DIP_H

#include <stddef.h>

typedef struct {
    size_t n;
    double dip;
    double p_value; /* NAN where undefined (constant sample) */
    int unimodal;   /* p_value >= alpha (or no evidence either way) */
} snn_dip_result;

/* x sorted ascending, n >= 1. Returns the dip; NAN if memory runs out. */
double snn_dip_sorted(const double *x, size_t n);
/* P(dip of n uniforms >= dip); 1 for n <= 3. */
double snn_dip_p_value(double dip, size_t n);
/* Sorts a copy of x, computes dip and p-value; unimodal when p >= alpha. SNN_OK or NOMEM. */
int snn_dip_test(const double *x, size_t n, double alpha, snn_dip_result *out);

#endif
