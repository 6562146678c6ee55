/* snn_weight_block: a block of weights counted for a snapshot eight (AVX-512) or four (AVX2)
 * at a time, where every weight of the block is ordinary: a float in [0, limit) with limit at
 * most 2048 pA, no -0, no NaN. Then the fixed-point terms of weights.c (w 2^40 and w^2 2^20,
 * rounded down) of a whole block fit int64, the extremes are those of the floats' bits as unsigned
 * integers, and no weight is above the histogram: the same counts and sums as weights.c's
 * scalar loop, which does every other block. */
#ifndef SNN_WEIGHT_BLOCK_H
#define SNN_WEIGHT_BLOCK_H

#include <stdint.h>

#define SNN_WEIGHT_BLOCK       2048 /* 2048 terms below 2048 * 2^40 = 2^51 sum below 2^62 */
#define SNN_WEIGHT_BLOCK_LIMIT 2048.0f

typedef struct {
    uint64_t clipped;            /* weights that are +0 */
    int64_t sum, sum2;           /* of (int64)(w 2^40) and (int64)(w w 2^20) */
    uint32_t min_bits, max_bits; /* of the floats, which order as unsigned integers here */
} snn_weight_block;

/* Whether this CPU runs snn_weight_block_count (AVX-512 F and DQ, or AVX2). */
int snn_weight_block_available(void);

/* The histogram a block count adds to is SNN_WEIGHT_BLOCK_COPIES histograms of n_bins bins
 * each, one after the other: weight k of a block goes into copy k % SNN_WEIGHT_BLOCK_COPIES.
 * A network's weights crowd into a few bins, and in one histogram each increment of a bin
 * would wait for the one before it to be stored; consecutive weights in different copies do
 * not (weight_block.c). The caller adds the copies (snn_weight_block_fold); with 2000 bins
 * they take 128 KB per VP while a snapshot is counted. */
#define SNN_WEIGHT_BLOCK_COPIES 8

/* Counts n <= SNN_WEIGHT_BLOCK weights into bins (n_bins x SNN_WEIGHT_BLOCK_COPIES, above:
 * bin (int)(w scale) of copy k % SNN_WEIGHT_BLOCK_COPIES) and *out, and returns 1, if n is a
 * multiple of 16, every weight is below `limit` (<= SNN_WEIGHT_BLOCK_LIMIT) as above and
 * every bin index below n_bins; else counts nothing and returns 0. */
int snn_weight_block_count(const float *weight, uint32_t n, float limit, double scale,
                           uint32_t n_bins, uint64_t *bins, snn_weight_block *out);

/* Every such count this CPU can run, widest first, with its name (for the tests): how many. */
typedef int (*snn_weight_block_fn)(const float *weight, uint32_t n, float limit, double scale,
                                   uint32_t n_bins, uint64_t *bins, snn_weight_block *out);
unsigned snn_weight_block_counts(snn_weight_block_fn fn[2], const char *name[2]);

/* The copies of bins (n_bins x SNN_WEIGHT_BLOCK_COPIES) added into the first n_bins. */
static inline void snn_weight_block_fold(uint64_t *bins, uint32_t n_bins) {
    for (uint32_t c = 1; c < SNN_WEIGHT_BLOCK_COPIES; c++)
        for (uint32_t b = 0; b < n_bins; b++)
            bins[b] += bins[(uint64_t)c * n_bins + b];
}

#endif
