/* The dip statistic (AS 217) and its test. Indices are 1-based, as in the paper, through
 * x = data - 1: the fit alternates between the greatest convex minorant (GCM) of the ECDF on
 * the current modal interval [low, high], taken from the right, and the least concave
 * majorant (LCM), taken from the left, shrinking the interval until the largest distance
 * between the two no longer exceeds the dip found so far. Distances are in units of 1/n
 * until the end; the dip is half the largest one. */
#include "snn/dip.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"

/* mn[j]: the GCM point to the left of j on [1, j]; mj[k]: the LCM point to the right of k on
 * [k, n]. Both by the same slope test, in cross-multiplied form (no division). */
static void hull_links(const double *x, long n, long *mn, long *mj) {
    mn[1] = 1;
    for (long j = 2; j <= n; j++) {
        mn[j] = j - 1;
        for (;;) {
            const long a = mn[j], b = mn[a];
            if (a == 1 || (x[j] - x[a]) * (double)(a - b) < (x[a] - x[b]) * (double)(j - a)) break;
            mn[j] = b;
        }
    }
    mj[n] = n;
    for (long k = n - 1; k >= 1; k--) {
        mj[k] = k + 1;
        for (;;) {
            const long a = mj[k], b = mj[a];
            if (a == n || (x[k] - x[a]) * (double)(a - b) < (x[a] - x[b]) * (double)(k - a)) break;
            mj[k] = b;
        }
    }
}

/* Largest vertical distance (in units of 1/n, at least 1) between the ECDF and the chords of
 * the GCM knots gcm[from..count] (convex side: ECDF above the chord). */
static double gcm_gap(const double *x, const long *gcm, long from, long count) {
    double gap = 0;
    for (long j = from; j < count; j++) {
        const long jb = gcm[j + 1], je = gcm[j];
        double best = 1;
        if (je - jb > 1 && x[je] != x[jb]) {
            const double slope = (double)(je - jb) / (x[je] - x[jb]);
            for (long jj = jb; jj <= je; jj++) {
                const double t = (double)(jj - jb + 1) - (x[jj] - x[jb]) * slope;
                if (t > best) best = t;
            }
        }
        if (best > gap) gap = best;
    }
    return gap;
}

/* The same for the LCM knots lcm[from..count] (concave side: ECDF below the chord). */
static double lcm_gap(const double *x, const long *lcm, long from, long count) {
    double gap = 0;
    for (long j = from; j < count; j++) {
        const long jb = lcm[j], je = lcm[j + 1];
        double best = 1;
        if (je - jb > 1 && x[je] != x[jb]) {
            const double slope = (double)(je - jb) / (x[je] - x[jb]);
            for (long jj = jb; jj <= je; jj++) {
                const double t = (x[jj] - x[jb]) * slope - (double)(jj - jb - 1);
                if (t > best) best = t;
            }
        }
        if (best > gap) gap = best;
    }
    return gap;
}

double snn_dip_sorted(const double *data, size_t n) {
    if (n < 2 || data[0] == data[n - 1]) return 0.5 / (double)n;
    const double *x = data - 1;
    long *mem = malloc(4 * (n + 2) * sizeof *mem);
    if (!mem) return NAN;
    long *mn = mem, *mj = mem + (n + 2), *gcm = mem + 2 * (n + 2), *lcm = mem + 3 * (n + 2);
    hull_links(x, (long)n, mn, mj);

    long low = 1, high = (long)n;
    double dip = 1;
    for (;;) {
        /* knots of the GCM on [low, high] from high down, of the LCM from low up */
        long l_gcm = 1, l_lcm = 1;
        gcm[1] = high;
        while (gcm[l_gcm] > low)
            gcm[l_gcm + 1] = mn[gcm[l_gcm]], l_gcm++;
        lcm[1] = low;
        while (lcm[l_lcm] < high)
            lcm[l_lcm + 1] = mj[lcm[l_lcm]], l_lcm++;

        /* the largest distance d between GCM and LCM, and the knots (ig, ih) where it is */
        long ig = l_gcm, ih = l_lcm;
        double d = 0;
        if (l_gcm != 2 || l_lcm != 2) {
            long ix = l_gcm - 1, iv = 2;
            do {
                const long gcm_ix = gcm[ix], lcm_iv = lcm[iv];
                if (gcm_ix > lcm_iv) { /* an LCM knot comes first: distance there */
                    const long g1 = gcm[ix + 1];
                    const double dx = (double)(lcm_iv - g1 + 1) - (x[lcm_iv] - x[g1]) *
                                                                      (double)(gcm_ix - g1) /
                                                                      (x[gcm_ix] - x[g1]);
                    iv++;
                    if (dx >= d) d = dx, ig = ix + 1, ih = iv - 1;
                } else { /* a GCM knot comes first */
                    const long l1 = lcm[iv - 1];
                    const double dx =
                        (x[gcm_ix] - x[l1]) * (double)(lcm_iv - l1) / (x[lcm_iv] - x[l1]) -
                        (double)(gcm_ix - l1 - 1);
                    ix--;
                    if (dx >= d) d = dx, ig = ix + 1, ih = iv;
                }
                if (ix < 1) ix = 1;
                if (iv > l_lcm) iv = l_lcm;
            } while (gcm[ix] != lcm[iv]);
        } else {
            d = 1;
        }
        if (d < dip) break;

        /* the dips inside the new modal interval, on the GCM and on the LCM side */
        const double gap_l = gcm_gap(x, gcm, ig, l_gcm), gap_u = lcm_gap(x, lcm, ih, l_lcm);
        const double gap = gap_l > gap_u ? gap_l : gap_u;
        if (gap > dip) dip = gap;
        /* an interval that no longer shrinks is final (the 1994 correction) */
        if (low == gcm[ig] && high == lcm[ih]) break;
        low = gcm[ig];
        high = lcm[ih];
    }
    free(mem);
    return dip / (2.0 * (double)n);
}

static int by_value(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int snn_dip_test(const double *x, size_t n, double alpha, snn_dip_result *out) {
    *out = (snn_dip_result){.n = n, .dip = NAN, .p_value = NAN, .unimodal = SNN_VERDICT_NA};
    if (n == 0) return SNN_OK;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return SNN_OK; /* no dip of a sample that holds no number */
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted) return SNN_ERR_NOMEM;
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_value);
    /* The dip does not change under x -> c x (c > 0). Scaling by a power of two is exact and
     * brings the largest magnitude into [0.5, 1), so that subnormal or huge data give the
     * slopes of ordinary numbers instead of overflowing to inf. */
    int exponent;
    frexp(fmax(fabs(sorted[0]), fabs(sorted[n - 1])), &exponent);
    for (size_t i = 0; i < n; i++)
        sorted[i] = ldexp(sorted[i], -exponent);
    out->dip = snn_dip_sorted(sorted, n);
    free(sorted);
    if (isnan(out->dip)) return SNN_ERR_NOMEM;
    if (!isfinite(out->dip)) {
        out->dip = NAN; /* values too far apart to compare in double precision: no verdict */
        return SNN_OK;
    }
    /* n <= 3 is always unimodal; a constant sample has no p-value (as in the reference
     * implementation), and so no verdict */
    int constant = 1;
    for (size_t i = 1; i < n && constant; i++)
        constant = x[i] == x[0];
    out->p_value = n <= 3 ? 1.0 : constant ? NAN : snn_dip_p_value(out->dip, n);
    out->unimodal = isnan(out->p_value)     ? SNN_VERDICT_NA
                    : out->p_value >= alpha ? SNN_VERDICT_YES
                                            : SNN_VERDICT_NO;
    return SNN_OK;
}
