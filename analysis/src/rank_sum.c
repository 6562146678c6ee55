/* snn_rank_sum: Wilcoxon rank-sum / Mann-Whitney U; see the header. */
#include "snn/rank_sum.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>

#include "snn/error.h"

/* P(rank sum of n_a values drawn from ranks 1..N <= s) and P(... >= s), counting every
 * subset of n_a ranks once: ways[k][t] = subsets of size k with sum t, rank by rank. */
static int exact_tails(size_t n_a, size_t N, double s, double *below, double *above) {
    const size_t max_sum = N * (N + 1) / 2, width = max_sum + 1;
    double *ways = calloc((n_a + 1) * width, sizeof *ways);
    if (!ways) return SNN_ERR_NOMEM;
    ways[0] = 1.0;
    for (size_t rank = 1; rank <= N; rank++)
        for (size_t k = rank < n_a ? rank : n_a; k >= 1; k--)
            for (size_t t = max_sum; t >= rank; t--)
                ways[k * width + t] += ways[(k - 1) * width + t - rank];
    double all = 0.0, le = 0.0, ge = 0.0;
    for (size_t t = 0; t <= max_sum; t++) {
        const double w = ways[n_a * width + t];
        all += w;
        if ((double)t <= s + 1e-9) le += w;
        if ((double)t >= s - 1e-9) ge += w;
    }
    free(ways);
    *below = le / all, *above = ge / all;
    return SNN_OK;
}

int snn_rank_sum_test(const double *a, size_t n_a, const double *b, size_t n_b, snn_rank_sum *out) {
    *out = (snn_rank_sum){.n_a = n_a, .n_b = n_b, .u = NAN, .z = NAN, .p_value = NAN};
    const size_t N = n_a + n_b;
    if (n_a == 0 || n_b == 0) return SNN_OK;
    for (size_t i = 0; i < n_a; i++)
        if (!isfinite(a[i])) return SNN_OK;
    for (size_t i = 0; i < n_b; i++)
        if (!isfinite(b[i])) return SNN_OK;

    double *all = malloc(N * sizeof *all);
    size_t *order = malloc(N * sizeof *order);
    if (!all || !order) {
        free(all), free(order);
        return SNN_ERR_NOMEM;
    }
    for (size_t i = 0; i < n_a; i++)
        all[i] = a[i];
    for (size_t i = 0; i < n_b; i++)
        all[n_a + i] = b[i];
    gsl_sort_index(order, all, 1, N);

    /* mid-ranks over runs of equal values; ties = sum over runs of t^3 - t */
    double rank_sum_a = 0.0, ties = 0.0;
    for (size_t i = 0; i < N;) {
        size_t j = i + 1;
        while (j < N && all[order[j]] == all[order[i]])
            j++;
        const double mid_rank = 0.5 * (double)(i + 1 + j), t = (double)(j - i);
        for (size_t k = i; k < j; k++)
            if (order[k] < n_a) rank_sum_a += mid_rank;
        ties += t * t * t - t;
        i = j;
    }
    free(all), free(order);

    const double na = (double)n_a, nb = (double)n_b, n = (double)N;
    out->u = rank_sum_a - na * (na + 1.0) / 2.0;
    const double mean = na * nb / 2.0;
    const double variance = na * nb / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
    out->z = variance > 0.0 ? (out->u - mean) / sqrt(variance) : 0.0;
    if (variance <= 0.0) { /* every value equal: nothing tells the samples apart */
        out->p_value = 1.0;
        return SNN_OK;
    }
    if (ties == 0.0 && N <= SNN_RANK_SUM_EXACT) {
        double below, above;
        if (exact_tails(n_a, N, rank_sum_a, &below, &above) != SNN_OK) return SNN_ERR_NOMEM;
        out->p_value = fmin(1.0, 2.0 * fmin(below, above));
        out->exact = 1;
        return SNN_OK;
    }
    /* continuity correction: half a unit of U toward the mean */
    const double distance = fmax(0.0, fabs(out->u - mean) - 0.5);
    out->p_value = fmin(1.0, 2.0 * gsl_cdf_ugaussian_Q(distance / sqrt(variance)));
    return SNN_OK;
}
