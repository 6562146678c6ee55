/* Philox blocks in bulk (snn_rng_blocks_by_index, snn_rng_blocks_by_gid): the same function
 * of (seed, stream, gid, index) as snn_rng_block_at, block for block, with the four words
 * of a block in four planes so that the compiler vectorizes the loop over blocks. Built
 * twice, for x86-64-v4 (AVX-512: 3.5x the blocks per second of one at a time on this
 * project's machines) and for any x86-64 (SSE2: 1.5x), the CPU picks at load time; the words
 * are integers, so both give the same bits. Poisson counts in bulk likewise: comparisons
 * and integer sums, the same in both (the uniform's one addition and one multiplication stay
 * two roundings: ISO C mode, -std=c17, keeps GCC from contracting them into an FMA). */
#include "snn/rng.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SNN_CLONES __attribute__((target_clones("arch=x86-64-v4", "default")))
#else
#define SNN_CLONES
#endif

/* One run of blocks whose counters differ in word `lane` only, by 1, 1 + stride, ... */
static inline void blocks(philox4x32_key_t key, philox4x32_ctr_t ctr, int lane, uint32_t step,
                          uint32_t n, snn_rng_planes out) {
    uint32_t *restrict w0 = out.w[0], *restrict w1 = out.w[1];
    uint32_t *restrict w2 = out.w[2], *restrict w3 = out.w[3];
    const uint32_t start = ctr.v[lane];
    for (uint32_t i = 0; i < n; i++) {
        philox4x32_ctr_t c = ctr;
        c.v[lane] = start + i * step;
        const philox4x32_ctr_t o = philox4x32(c, key);
        w0[i] = o.v[0], w1[i] = o.v[1], w2[i] = o.v[2], w3[i] = o.v[3];
    }
}

static snn_rng_planes advanced(snn_rng_planes p, uint32_t by) {
    for (int k = 0; k < 4; k++)
        p.w[k] += by;
    return p;
}

SNN_CLONES
void snn_rng_blocks_by_index(uint64_t seed, snn_stream stream, uint64_t gid, uint64_t first,
                             uint32_t n, snn_rng_planes out) {
    const philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    while (n > 0) { /* in runs over which the index's high word stays the same */
        const uint64_t left_in_run = ((uint64_t)1 << 32) - (uint32_t)first;
        const uint32_t run = left_in_run < n ? (uint32_t)left_in_run : n;
        const philox4x32_ctr_t ctr = {{(uint32_t)first, (uint32_t)(first >> 32), (uint32_t)gid,
                                       ((uint32_t)(gid >> 32) << 8) | (uint32_t)stream}};
        blocks(key, ctr, 0, 1, run, out);
        out = advanced(out, run), first += run, n -= run;
    }
}

SNN_CLONES
void snn_rng_blocks_by_gid(uint64_t seed, snn_stream stream, uint64_t gid0, uint32_t stride,
                           uint32_t n, uint64_t index, snn_rng_planes out) {
    const philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    while (n > 0) { /* in runs over which the gid's high word stays the same */
        const uint64_t left_in_run = (((uint64_t)1 << 32) - (uint32_t)gid0 + stride - 1) / stride;
        const uint32_t run = left_in_run < n ? (uint32_t)left_in_run : n;
        const philox4x32_ctr_t ctr = {{(uint32_t)index, (uint32_t)(index >> 32), (uint32_t)gid0,
                                       ((uint32_t)(gid0 >> 32) << 8) | (uint32_t)stream}};
        blocks(key, ctr, 2, stride, run, out);
        out = advanced(out, run), gid0 += (uint64_t)run * stride, n -= run;
    }
}

SNN_CLONES
void snn_poisson_table_draw_many(const snn_poisson_table *t, const uint32_t *hi, const uint32_t *lo,
                                 uint32_t n, uint32_t *counts) {
    /* The table walk stops at the first entry >= u; the CDF rises, so that is the number of
     * entries below u. */
    for (uint32_t i = 0; i < n; i++) {
        const double u = snn_rng_open01(hi[i], lo[i]);
        uint32_t below = 0;
        for (int k = 0; k < SNN_POISSON_HEAD; k++)
            below += u > t->head[k];
        counts[i] = below;
    }
    for (uint32_t i = 0; i < n; i++)
        if (counts[i] >= t->head_n) /* u beyond the head: the walk decides */
            counts[i] = snn_poisson_table_draw(t, snn_rng_open01(hi[i], lo[i]));
}
