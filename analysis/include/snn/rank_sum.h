/* snn_rank_sum: the Wilcoxon rank-sum (Mann-Whitney U) test of two independent samples,
 * used to say whether a change to the engine's arithmetic moved the network's statistics
 * (ci/bench-stats.sh): rates and weight moments over many seeds before and after.
 *
 * U counts the pairs (a_i, b_j) with a_i > b_j, ties counting one half. Without ties and
 * with at most SNN_RANK_SUM_EXACT values in all, the two-sided p-value is exact (the
 * distribution of the rank sum counted over all subsets); otherwise it is the normal
 * approximation with the tie-corrected variance and a continuity correction. */
#ifndef SNN_RANK_SUM_H
#define SNN_RANK_SUM_H

#include <stddef.h>

#define SNN_RANK_SUM_EXACT 60

typedef struct {
    size_t n_a, n_b;
    double u;       /* U of sample a: pairs with a > b, ties one half */
    double z;       /* (U - n_a n_b / 2) / sd, tie-corrected; 0 when sd is 0 */
    double p_value; /* two-sided; 1 when every value is equal; NAN for an empty sample */
    int exact;      /* 1 when p_value is the exact one */
} snn_rank_sum;

/* Any finite values; a non-finite one or an empty sample gives p_value NAN.
 * SNN_OK, or SNN_ERR_NOMEM. */
int snn_rank_sum_test(const double *a, size_t n_a, const double *b, size_t n_b, snn_rank_sum *out);

#endif
