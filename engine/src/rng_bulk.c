/* Philox blocks in bulk (snn_rng_blocks_by_index, snn_rng_blocks_by_gid): the same function
 * of (seed, stream, gid, index) as snn_rng_block_at, block for block, with the four words
 * of a block in four planes: eight blocks at a time by hand where the CPU has AVX-512
 * (1.25 ns a block on this project's machines, 2.3x the compiler's vectorization of the loop
 * below) or AVX2, else that loop, built for x86-64-v4, x86-64-v3 (AVX2) and any x86-64
 * (SSE2), the CPU picks at load time; the words are integers, so all give the same bits. Poisson
 * counts in bulk likewise, and four at a time by hand where the CPU has AVX2 but not AVX-512:
 * comparisons and integer sums, the same in all (the uniform's one addition and one
 * multiplication stay two roundings: ISO C mode, -std=c17, keeps GCC from contracting them
 * into an FMA). */
#include "snn/rng.h"

#include "snn/clones.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))
#define AVX2   __attribute__((target("avx2")))

/* Philox4x32-10 of blocks 0 .. n - 8 of a run (below), eight at a time, each word in a
 * 64-bit lane: vpmuludq gives the 64-bit product of the lanes' low words, whose halves are
 * the round's hi and lo. The upper halves of the other words carry bits that no
 * multiplication reads and the final narrowing to 32 bits drops. Returns the blocks done. */
AVX512 static uint32_t blocks_avx512(philox4x32_key_t key, philox4x32_ctr_t ctr, int lane,
                                     uint32_t step, uint32_t n, snn_rng_planes out) {
    const __m512i m0 = _mm512_set1_epi64(PHILOX_M4x32_0), m1 = _mm512_set1_epi64(PHILOX_M4x32_1);
    __m512i varying = _mm512_add_epi64(
        _mm512_set1_epi64(ctr.v[lane]),
        _mm512_setr_epi64(0, step, 2 * (uint64_t)step, 3 * (uint64_t)step, 4 * (uint64_t)step,
                          5 * (uint64_t)step, 6 * (uint64_t)step, 7 * (uint64_t)step));
    const __m512i eight_steps = _mm512_set1_epi64(8 * (uint64_t)step);
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i c[4];
        for (int w = 0; w < 4; w++)
            c[w] = w == lane ? varying : _mm512_set1_epi64(ctr.v[w]);
        uint32_t k0 = key.v[0], k1 = key.v[1];
        for (int round = 0; round < 10; round++) {
            if (round > 0) k0 += PHILOX_W32_0, k1 += PHILOX_W32_1; /* the key's bump */
            const __m512i p0 = _mm512_mul_epu32(m0, c[0]), p1 = _mm512_mul_epu32(m1, c[2]);
            /* (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0); 0x96: a three-way exclusive or */
            c[0] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c[1], _mm512_set1_epi64(k0),
                                             0x96);
            c[1] = p1;
            c[2] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c[3], _mm512_set1_epi64(k1),
                                             0x96);
            c[3] = p0;
        }
        for (int w = 0; w < 4; w++)
            _mm256_storeu_si256((void *)(out.w[w] + i), _mm512_cvtepi64_epi32(c[w]));
        varying = _mm512_add_epi64(varying, eight_steps);
    }
    return i;
}

/* The same with AVX2, four blocks in a register and two registers at a time (the rounds of
 * one are a chain of dependent multiplications; two chains keep the multiplier busy). The
 * compiler's own AVX2 vectorization of the loop below was slower than its SSE2 one here. */
AVX2 static uint32_t blocks_avx2(philox4x32_key_t key, philox4x32_ctr_t ctr, int lane,
                                 uint32_t step, uint32_t n, snn_rng_planes out) {
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0), m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
    const int64_t s = step;
    __m256i varying[2] = {
        _mm256_add_epi64(_mm256_set1_epi64x(ctr.v[lane]), _mm256_setr_epi64x(0, s, 2 * s, 3 * s)),
        _mm256_add_epi64(_mm256_set1_epi64x(ctr.v[lane]),
                         _mm256_setr_epi64x(4 * s, 5 * s, 6 * s, 7 * s))};
    const __m256i eight_steps = _mm256_set1_epi64x(8 * s);
    /* the low words of four 64-bit lanes, in order */
    const __m256i low_words = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i c[2][4];
        for (int h = 0; h < 2; h++)
            for (int w = 0; w < 4; w++)
                c[h][w] = w == lane ? varying[h] : _mm256_set1_epi64x(ctr.v[w]);
        uint32_t k0 = key.v[0], k1 = key.v[1];
        for (int round = 0; round < 10; round++) {
            if (round > 0) k0 += PHILOX_W32_0, k1 += PHILOX_W32_1; /* the key's bump */
            const __m256i key0 = _mm256_set1_epi64x(k0), key1 = _mm256_set1_epi64x(k1);
            for (int h = 0; h < 2; h++) {
                const __m256i p0 = _mm256_mul_epu32(m0, c[h][0]),
                              p1 = _mm256_mul_epu32(m1, c[h][2]);
                /* (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0) */
                c[h][0] =
                    _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c[h][1]), key0);
                c[h][1] = p1;
                c[h][2] =
                    _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c[h][3]), key1);
                c[h][3] = p0;
            }
        }
        for (int h = 0; h < 2; h++)
            for (int w = 0; w < 4; w++)
                _mm_storeu_si128(
                    (void *)(out.w[w] + i + 4 * h),
                    _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(c[h][w], low_words)));
        varying[0] = _mm256_add_epi64(varying[0], eight_steps);
        varying[1] = _mm256_add_epi64(varying[1], eight_steps);
    }
    return i;
}
#endif

/* One run of blocks whose counters differ in word `lane` only, by 1, 1 + stride, ... */
static inline void blocks(philox4x32_key_t key, philox4x32_ctr_t ctr, int lane, uint32_t step,
                          uint32_t n, snn_rng_planes out) {
    uint32_t *restrict w0 = out.w[0], *restrict w1 = out.w[1];
    uint32_t *restrict w2 = out.w[2], *restrict w3 = out.w[3];
    const uint32_t start = ctr.v[lane];
    uint32_t i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f")) /* the CPU model is read once, at load time */
        i = blocks_avx512(key, ctr, lane, step, n, out);
    else if (__builtin_cpu_supports("avx2"))
        i = blocks_avx2(key, ctr, lane, step, n, out);
#endif
    for (; i < n; i++) {
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

static inline __attribute__((always_inline)) void draw_many(const snn_poisson_table *t,
                                                            const uint32_t *hi, const uint32_t *lo,
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

static inline __attribute__((always_inline)) void add_many(const snn_poisson_table *t,
                                                           const uint32_t *hi, const uint32_t *lo,
                                                           uint32_t n, double weight,
                                                           double *sums) {
    uint32_t counts[256];
    for (uint32_t i0 = 0, chunk; i0 < n; i0 += chunk) {
        chunk = n - i0 < 256 ? n - i0 : 256;
        draw_many(t, hi + i0, lo + i0, chunk, counts);
        /* Every sum, without a branch (a count is 0 or not at random): a count of 0 adds
         * 0 * weight, a zero, which leaves any sum but -0.0 as it is (see rng.h). */
        double *restrict sum = sums + i0;
        for (uint32_t i = 0; i < chunk; i++)
            sum[i] += (double)(int32_t)counts[i] * weight;
    }
}

SNN_CLONES static void draw_many_cloned(const snn_poisson_table *t, const uint32_t *hi,
                                        const uint32_t *lo, uint32_t n, uint32_t *counts) {
    draw_many(t, hi, lo, n, counts);
}

SNN_CLONES static void add_many_cloned(const snn_poisson_table *t, const uint32_t *hi,
                                       const uint32_t *lo, uint32_t n, double weight,
                                       double *sums) {
    add_many(t, hi, lo, n, weight, sums);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* With AVX2 but not AVX-512 the compiler leaves the loops above scalar: it has no conversion
 * of a 64-bit integer to a double to vectorize snn_rng_open01 with. These do four draws at a
 * time by hand, with the same operations on the same values, so the same bits. */

/* snn_rng_open01 of four draws. Its 53-bit integer (hi 2^32 + lo) >> 11 = hi 2^21 +
 * (lo >> 11) is put together in doubles, exactly: hi from a signed conversion of hi - 2^31
 * plus 2^31, and every partial result an integer below 2^53. */
AVX2 static inline __m256d open01_4(const uint32_t *hi, const uint32_t *lo) {
    const __m128i h = _mm_loadu_si128((const void *)hi), l = _mm_loadu_si128((const void *)lo);
    const __m256d high = _mm256_add_pd(
        _mm256_cvtepi32_pd(_mm_xor_si128(h, _mm_set1_epi32(INT32_MIN))), _mm256_set1_pd(0x1p31));
    const __m256d bits = _mm256_add_pd(_mm256_mul_pd(high, _mm256_set1_pd(0x1p21)),
                                       _mm256_cvtepi32_pd(_mm_srli_epi32(l, 11)));
    return _mm256_mul_pd(_mm256_add_pd(bits, _mm256_set1_pd(0.5)), _mm256_set1_pd(0x1p-53));
}

/* The counts of four draws, as doubles: the head entries below u (1.0 for each, exact), the
 * walk's count where u is beyond the head. */
AVX2 static inline __m256d counts4(const snn_poisson_table *t, const uint32_t *hi,
                                   const uint32_t *lo) {
    const __m256d u = open01_4(hi, lo);
    __m256d below = _mm256_setzero_pd();
    for (int k = 0; k < SNN_POISSON_HEAD; k++)
        below = _mm256_add_pd(
            below, _mm256_and_pd(_mm256_cmp_pd(u, _mm256_broadcast_sd(t->head + k), _CMP_GT_OQ),
                                 _mm256_set1_pd(1.0)));
    const int beyond =
        _mm256_movemask_pd(_mm256_cmp_pd(below, _mm256_set1_pd((double)t->head_n), _CMP_GE_OQ));
    if (!beyond) return below;
    double u_at[4], count[4];
    _mm256_storeu_pd(u_at, u);
    _mm256_storeu_pd(count, below);
    for (int i = 0; i < 4; i++)
        if (beyond & (1 << i)) count[i] = (double)snn_poisson_table_draw(t, u_at[i]);
    return _mm256_loadu_pd(count);
}

AVX2 static uint32_t draw_many_avx2(const snn_poisson_table *t, const uint32_t *hi,
                                    const uint32_t *lo, uint32_t n, uint32_t *counts) {
    uint32_t i = 0;
    for (; i + 4 <= n; i += 4)
        _mm_storeu_si128((void *)(counts + i), _mm256_cvttpd_epi32(counts4(t, hi + i, lo + i)));
    return i;
}

AVX2 static uint32_t add_many_avx2(const snn_poisson_table *t, const uint32_t *hi,
                                   const uint32_t *lo, uint32_t n, double weight, double *sums) {
    const __m256d w = _mm256_set1_pd(weight);
    uint32_t i = 0;
    for (; i + 4 <= n; i += 4) /* as add_many: count * weight added, a zero for a count of 0 */
        _mm256_storeu_pd(sums + i, _mm256_add_pd(_mm256_loadu_pd(sums + i),
                                                 _mm256_mul_pd(counts4(t, hi + i, lo + i), w)));
    return i;
}

/* AVX2 where the x86-64-v4 clone, the compiler's vectorized loop, does not run. */
static int avx2_only(void) {
    return !snn_runs_v4_clones() && __builtin_cpu_supports("avx2");
}
#endif

void snn_poisson_table_draw_many(const snn_poisson_table *t, const uint32_t *hi, const uint32_t *lo,
                                 uint32_t n, uint32_t *counts) {
    uint32_t i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
    if (avx2_only()) i = draw_many_avx2(t, hi, lo, n, counts);
#endif
    draw_many_cloned(t, hi + i, lo + i, n - i, counts + i);
}

void snn_poisson_table_add_many(const snn_poisson_table *t, const uint32_t *hi, const uint32_t *lo,
                                uint32_t n, double weight, double *sums) {
    uint32_t i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
    if (avx2_only()) i = add_many_avx2(t, hi, lo, n, weight, sums);
#endif
    add_many_cloned(t, hi + i, lo + i, n - i, weight, sums + i);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Sixteen words of blocks b .. b + 3 in draw order: word u is word u % 4 of block u / 4. */
AVX512 static inline __m512i sixteen_words(snn_rng_planes blocks, uint32_t b) {
    __m512i planes = _mm512_castsi128_si512(_mm_loadu_si128((const void *)(blocks.w[0] + b)));
    planes = _mm512_inserti32x4(planes, _mm_loadu_si128((const void *)(blocks.w[1] + b)), 1);
    planes = _mm512_inserti32x4(planes, _mm_loadu_si128((const void *)(blocks.w[2] + b)), 2);
    planes = _mm512_inserti32x4(planes, _mm_loadu_si128((const void *)(blocks.w[3] + b)), 3);
    const __m512i draw_order =
        _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    return _mm512_permutexvar_epi32(draw_order, planes);
}

AVX512 static uint32_t below_avx512(snn_rng_planes blocks, uint32_t n_blocks, uint32_t n,
                                    uint32_t offset, uint32_t skip, uint32_t *out, uint32_t room,
                                    uint32_t *stored) {
    const __m512i n16 = _mm512_set1_epi64(n),
                  threshold = _mm512_set1_epi32((int32_t)((uint32_t)(-n) % n));
    const __m512i offset16 = _mm512_set1_epi32((int32_t)offset),
                  skip16 = _mm512_set1_epi32((int32_t)skip);
    const __m512i odd_to_even =
        _mm512_setr_epi32(1, 0, 3, 0, 5, 0, 7, 0, 9, 0, 11, 0, 13, 0, 15, 0);
    uint32_t b = 0, k = 0;
    for (; b + 4 <= n_blocks && k + 16 <= room; b += 4) {
        const __m512i words = sixteen_words(blocks, b);
        /* m = word n in 64 bits, for the even words and the odd ones */
        const __m512i m_even = _mm512_mul_epu32(words, n16);
        const __m512i m_odd = _mm512_mul_epu32(_mm512_permutexvar_epi32(odd_to_even, words), n16);
        /* low and high words of m back in draw order */
        const __m512i low = _mm512_permutex2var_epi32(
            m_even, _mm512_setr_epi32(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30),
            m_odd);
        const __m512i high = _mm512_permutex2var_epi32(
            m_even, _mm512_setr_epi32(1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31),
            m_odd);
        const __m512i source = _mm512_add_epi32(high, offset16);
        const __mmask16 keep =
            _mm512_cmpge_epu32_mask(low, threshold) & _mm512_cmpneq_epi32_mask(source, skip16);
        /* compressed in the register, then stored whole (k + 16 <= room): AMD's Zen 4 runs a
         * compressing store to memory as microcode (with it this loop took 40 % of the
         * build's samples there, now 4.5 %) */
        _mm512_storeu_si512(out + k, _mm512_maskz_compress_epi32(keep, source));
        k += (uint32_t)__builtin_popcount(keep);
    }
    *stored = k;
    return 4 * b;
}

/* The same with AVX2, eight words (two blocks) at a time. AVX2 has no compressing store, but
 * a word is rejected rarely (an autapse about once per target, Lemire's rejection 2e-6 per
 * draw): where all eight are kept they are stored at once, else one by one. */
AVX2 static uint32_t below_avx2(snn_rng_planes blocks, uint32_t n_blocks, uint32_t n,
                                uint32_t offset, uint32_t skip, uint32_t *out, uint32_t room,
                                uint32_t *stored) {
    const __m256i n8 = _mm256_set1_epi32((int32_t)n),
                  threshold = _mm256_set1_epi32((int32_t)((uint32_t)(-n) % n));
    const __m256i offset8 = _mm256_set1_epi32((int32_t)offset),
                  skip8 = _mm256_set1_epi32((int32_t)skip);
    uint32_t b = 0, k = 0;
    for (; b + 4 <= n_blocks && k + 16 <= room; b += 4) {
        /* blocks b .. b + 3 in draw order: the four planes' words transposed */
        __m128 w0 = _mm_castsi128_ps(_mm_loadu_si128((const void *)(blocks.w[0] + b)));
        __m128 w1 = _mm_castsi128_ps(_mm_loadu_si128((const void *)(blocks.w[1] + b)));
        __m128 w2 = _mm_castsi128_ps(_mm_loadu_si128((const void *)(blocks.w[2] + b)));
        __m128 w3 = _mm_castsi128_ps(_mm_loadu_si128((const void *)(blocks.w[3] + b)));
        _MM_TRANSPOSE4_PS(w0, w1, w2, w3); /* now w0 is block b's four words, w1 block b + 1's... */
        const __m256i halves[2] = {
            _mm256_castps_si256(_mm256_insertf128_ps(_mm256_castps128_ps256(w0), w1, 1)),
            _mm256_castps_si256(_mm256_insertf128_ps(_mm256_castps128_ps256(w2), w3, 1))};
        for (int h = 0; h < 2; h++) {
            /* m = word n in 64 bits, for the even words and the odd ones; low and high words
             * of m back in draw order */
            const __m256i m_even = _mm256_mul_epu32(halves[h], n8);
            const __m256i m_odd = _mm256_mul_epu32(_mm256_srli_epi64(halves[h], 32), n8);
            const __m256i low = _mm256_blend_epi32(m_even, _mm256_slli_epi64(m_odd, 32), 0xaa);
            const __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(m_even, 32), m_odd, 0xaa);
            const __m256i source = _mm256_add_epi32(high, offset8);
            const __m256i kept = _mm256_andnot_si256(
                _mm256_cmpeq_epi32(source, skip8),
                _mm256_cmpeq_epi32(_mm256_max_epu32(low, threshold), low)); /* low >= threshold */
            const int keep = _mm256_movemask_ps(_mm256_castsi256_ps(kept));
            if (keep == 0xff) {
                _mm256_storeu_si256((void *)(out + k), source);
                k += 8;
                continue;
            }
            uint32_t value[8];
            _mm256_storeu_si256((void *)value, source);
            for (int i = 0; i < 8; i++)
                if (keep & (1 << i)) out[k++] = value[i];
        }
    }
    *stored = k;
    return 4 * b;
}

uint32_t snn_rng_below_from_blocks(snn_rng_planes blocks, uint32_t n_blocks, uint32_t n,
                                   uint32_t offset, uint32_t skip, uint32_t *out, uint32_t room,
                                   uint32_t *stored) {
    /* the CPU model is read once, at load time */
    if (__builtin_cpu_supports("avx512f"))
        return below_avx512(blocks, n_blocks, n, offset, skip, out, room, stored);
    if (__builtin_cpu_supports("avx2"))
        return below_avx2(blocks, n_blocks, n, offset, skip, out, room, stored);
    *stored = 0;
    return 0;
}
#else
uint32_t snn_rng_below_from_blocks(snn_rng_planes blocks, uint32_t n_blocks, uint32_t n,
                                   uint32_t offset, uint32_t skip, uint32_t *out, uint32_t room,
                                   uint32_t *stored) {
    (void)blocks, (void)n_blocks, (void)n, (void)offset, (void)skip, (void)out, (void)room;
    *stored = 0;
    return 0;
}
#endif
