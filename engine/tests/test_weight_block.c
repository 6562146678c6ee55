/* The AVX-512 and AVX2 block counts of a weight snapshot against the definition in weights.h: each
 * weight in bin floor(w n_bins / hi), its fixed-point terms floor(w 2^40) and
 * floor(w^2 2^20) added, +0 counted as clipped, the extremes. Blocks of weights from a narrow
 * range (as a network's) and from the whole [0, limit), with zeros and subnormals, must give
 * exactly the definition's figures (the histogram's copies added up, weight_block.h); a block
 * holding a weight that is not ordinary (-0, negative, at or above the limit, infinite, NaN)
 * must be refused and leave every copy as it was. Each count the CPU can run is checked;
 * skipped (77) on a CPU with neither. */
#include <math.h>
#include <string.h>

#include "snn/weight_block.h"
#include "testing.h"

#define N_BINS 2000

static uint64_t rng_state = 0x2545f4914f6cdd1du;
static uint64_t next_u64(void) {
    return test_next_u64(&rng_state);
}
static double uniform(void) {
    return test_uniform(&rng_state);
}

/* The definition, term by term. */
static void define(const float *w, uint32_t n, double scale, uint64_t *bins, snn_weight_block *b) {
    *b = (snn_weight_block){.min_bits = UINT32_MAX};
    for (uint32_t k = 0; k < n; k++) {
        const double wd = w[k];
        bins[(int64_t)(wd * scale)] += 1;
        b->sum += (int64_t)(wd * 0x1p40);
        b->sum2 += (int64_t)(wd * wd * 0x1p20);
        b->clipped += w[k] == 0.0f;
        b->min_bits = test_float_bits(w[k]) < b->min_bits ? test_float_bits(w[k]) : b->min_bits;
        b->max_bits = test_float_bits(w[k]) > b->max_bits ? test_float_bits(w[k]) : b->max_bits;
    }
}

static void compare(snn_weight_block_fn count, const char *name) {
    static float w[SNN_WEIGHT_BLOCK];
    static uint64_t bins[N_BINS * SNN_WEIGHT_BLOCK_COPIES],
        want_bins[N_BINS * SNN_WEIGHT_BLOCK_COPIES];
    const double his[] = {100.0, 2048.0, 0.75};
    unsigned compared = 0;
    for (size_t h = 0; h < sizeof his / sizeof *his; h++) {
        const double hi = his[h], scale = N_BINS / hi;
        const float limit = hi < SNN_WEIGHT_BLOCK_LIMIT ? (float)hi : SNN_WEIGHT_BLOCK_LIMIT;
        for (int round = 0; round < 60; round++) {
            const double centre = uniform() * hi, spread = round % 2 ? hi / 50 : hi;
            for (uint32_t k = 0; k < SNN_WEIGHT_BLOCK; k++) {
                double x = centre + (uniform() - 0.5) * spread;
                x = x < 0 ? -x : x;
                w[k] = x < hi ? (float)x : 0.5f * (float)hi;
                if (w[k] >= limit) w[k] = 0.0f;
                if (next_u64() % 100 == 0) w[k] = next_u64() % 2 ? 0.0f : 1e-41f;
            }
            memset(bins, 0, sizeof bins);
            memset(want_bins, 0, sizeof want_bins);
            snn_weight_block got, want;
            CHECK(count(w, SNN_WEIGHT_BLOCK, limit, scale, N_BINS, bins, &got),
                  "%s, hi %g, round %d: an ordinary block refused", name, hi, round);
            define(w, SNN_WEIGHT_BLOCK, scale, want_bins, &want);
            snn_weight_block_fold(bins, N_BINS); /* the copies added, as weights.c does */
            CHECK(memcmp(bins, want_bins, N_BINS * sizeof *bins) == 0,
                  "%s, hi %g, round %d: histograms differ", name, hi, round);
            CHECK(got.sum == want.sum && got.sum2 == want.sum2 && got.clipped == want.clipped &&
                      got.min_bits == want.min_bits && got.max_bits == want.max_bits,
                  "%s, hi %g, round %d: sum %lld / %lld, sum2 %lld / %lld, clipped %llu / %llu, "
                  "min bits %x / %x, max bits %x / %x",
                  name, hi, round, (long long)got.sum, (long long)want.sum, (long long)got.sum2,
                  (long long)want.sum2, (unsigned long long)got.clipped,
                  (unsigned long long)want.clipped, got.min_bits, want.min_bits, got.max_bits,
                  want.max_bits);
            compared++;

            /* one weight that is not ordinary, anywhere in the block: refused, bins unchanged */
            const float odd[] = {-0.0f, -1.0f, limit, nextafterf(limit, INFINITY), INFINITY, NAN};
            const uint32_t at = (uint32_t)(round * 37) % SNN_WEIGHT_BLOCK;
            const float was = w[at];
            w[at] = odd[round % 6];
            memcpy(want_bins, bins, sizeof bins);
            CHECK(!count(w, SNN_WEIGHT_BLOCK, limit, scale, N_BINS, bins, &got),
                  "%s, hi %g: a block holding %g accepted", name, hi, (double)odd[round % 6]);
            CHECK(memcmp(bins, want_bins, sizeof bins) == 0, "%s, hi %g: a refused block counted",
                  name, hi);
            w[at] = was;
        }
    }
    /* a limit above SNN_WEIGHT_BLOCK_LIMIT would let the sums overflow: refused */
    snn_weight_block b;
    for (uint32_t k = 0; k < SNN_WEIGHT_BLOCK; k++)
        w[k] = 1.0f;
    CHECK(!count(w, SNN_WEIGHT_BLOCK, 4096.0f, 1.0, N_BINS, bins, &b), "%s: limit 4096 accepted",
          name);
    printf("%u blocks of %d weights compared with the definition (%s)\n", compared,
           SNN_WEIGHT_BLOCK, name);
}

int main(void) {
    snn_weight_block_fn counts[2];
    const char *names[2];
    const unsigned n_counts = snn_weight_block_counts(counts, names);
    if (n_counts == 0 || !snn_weight_block_available()) {
        printf("neither AVX-512 nor AVX2 on this CPU: snapshots count one weight at a time\n");
        return 77;
    }
    for (unsigned c = 0; c < n_counts; c++)
        compare(counts[c], names[c]);
    return test_summary();
}
