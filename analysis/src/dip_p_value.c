/* p-value of the dip by interpolation in the Monte Carlo table: within a row, the probability
 * is piecewise linear in sqrt(n) * dip between tabulated quantiles; between rows, linear in
 * n; beyond the largest n, the last row (sqrt(n) * dip converges). */
#include <math.h>

#include "dip_table.h"
#include "snn/dip.h"

/* P(sqrt(n) dip < s) for table row r. Small n have atoms (many samples share the smallest
 * possible dip), so the probability at a tabulated value is the lowest one that reaches it. */
static double row_cdf(size_t r, double s) {
    const double *q = snn_dip_table_quantiles[r];
    const double *p = snn_dip_table_probs;
    if (s <= q[0]) return 0.0;
    if (s > q[SNN_DIP_TABLE_COLS - 1]) return 1.0;
    size_t lo = 0, hi = SNN_DIP_TABLE_COLS - 1; /* q[lo] < s <= q[hi] */
    while (hi - lo > 1) {
        const size_t mid = (lo + hi) / 2;
        if (q[mid] < s)
            lo = mid;
        else
            hi = mid;
    }
    if (q[hi] == s) return p[hi];
    return p[lo] + (p[hi] - p[lo]) * (s - q[lo]) / (q[hi] - q[lo]);
}

double snn_dip_p_value(double dip, size_t n) {
    if (n <= 3) return 1.0;
    const double s = sqrt((double)n) * dip;
    const size_t last = SNN_DIP_TABLE_ROWS - 1;
    if (n >= snn_dip_table_sizes[last]) return 1.0 - row_cdf(last, s);
    size_t r = 0;
    while (snn_dip_table_sizes[r + 1] <= n)
        r++;
    const double n0 = (double)snn_dip_table_sizes[r], n1 = (double)snn_dip_table_sizes[r + 1];
    const double f = ((double)n - n0) / (n1 - n0);
    /* the same sqrt(n) dip read in both rows */
    const double cdf = (1 - f) * row_cdf(r, s) + f * row_cdf(r + 1, s);
    return 1.0 - cdf;
}
