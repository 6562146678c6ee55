/* snn_weight_block: the AVX-512 and AVX2 counts of an ordinary block of weights (see the
 * header). They are faster than the scalar loop because nothing in them waits on the weight
 * before: the extremes, sums and bin indices of eight (AVX-512) or four (AVX2) weights at a
 * time, then the bins incremented. */
#include "snn/weight_block.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512dq")))
#define AVX2   __attribute__((target("avx2")))

static int has_avx512(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}
static int has_avx2(void) {
    return __builtin_cpu_supports("avx2");
}

/* Bin bin[k] of copy k % SNN_WEIGHT_BLOCK_COPIES incremented for k < n (n a multiple of 16;
 * weight_block.h), while the next block's n weights (from `next`, the end of this block) are
 * fetched into the cache, a line per 16 increments.
 * The copies: a network's weights crowd into a few bins, so in one histogram a bin is often
 * incremented again while the increment before is still on its way to memory, and each
 * waits for the one before; consecutive weights go to different copies instead. On the Intel
 * machine the seed's snapshots took 0.51 / 0.55 of the time with four copies (1 / 2 threads,
 * 9 pairs), 0.92 / 0.85 of that again with eight, and sixteen were no faster than eight.
 * The prefetch: the increments read no memory but the bins, so without it the memory would
 * sit idle during them and the next block's loads would wait for it: streaming weights from
 * memory, a block took 1.24 ns per weight without, 0.72 with (AVX-512; AVX2 2.75 and 0.92).
 * After the last block the addresses lie past the array: a prefetch does not fault, and they
 * are computed as integers, not as pointers out of the array. */
_Static_assert(16 % SNN_WEIGHT_BLOCK_COPIES == 0, "16 increments are whole rounds of the copies");
static inline void increment_bins(const int32_t *bin, uint32_t n, uint64_t *bins, uint32_t n_bins,
                                  const float *next) {
    for (uint32_t k = 0; k < n; k += 16) {
        _mm_prefetch((const char *)((uintptr_t)next + k * sizeof(float)), _MM_HINT_T0);
        for (uint32_t i = k; i < k + 16; i += SNN_WEIGHT_BLOCK_COPIES)
            for (uint32_t c = 0; c < SNN_WEIGHT_BLOCK_COPIES; c++)
                bins[(size_t)c * n_bins + (uint32_t)bin[i + c]] += 1;
    }
}

/* Eight weights as doubles: their fixed-point terms added to *sum, *sum2 (wd 2^40 and
 * (wd wd) 2^20, truncated, as weights.c), their bin indices (wd scale, truncated) stored. */
AVX512 static inline void eight(__m512d wd, __m512d scale, __m512i *sum, __m512i *sum2,
                                int32_t *bin, __m256i *most_bin) {
    *sum = _mm512_add_epi64(*sum, _mm512_cvttpd_epi64(_mm512_mul_pd(wd, _mm512_set1_pd(0x1p40))));
    *sum2 = _mm512_add_epi64(
        *sum2, _mm512_cvttpd_epi64(_mm512_mul_pd(_mm512_mul_pd(wd, wd), _mm512_set1_pd(0x1p20))));
    const __m256i b = _mm512_cvttpd_epi32(_mm512_mul_pd(wd, scale));
    _mm256_storeu_si256((void *)bin, b);
    *most_bin = _mm256_max_epu32(*most_bin, b);
}

AVX512 static int count_avx512(const float *weight, uint32_t n, float limit, double scale,
                               uint32_t n_bins, uint64_t *bins, snn_weight_block *out) {
    int32_t bin[SNN_WEIGHT_BLOCK];
    uint32_t limit_bits;
    memcpy(&limit_bits, &limit, sizeof limit_bits);
    if (n > SNN_WEIGHT_BLOCK || n % 16 != 0 || !(limit <= SNN_WEIGHT_BLOCK_LIMIT)) return 0;
    const __m512i limit16 = _mm512_set1_epi32((int32_t)limit_bits);
    const __m512d scale8 = _mm512_set1_pd(scale);
    __m512i sum = _mm512_setzero_si512(), sum2 = _mm512_setzero_si512();
    __m512i lo = _mm512_set1_epi32(-1), hi = _mm512_setzero_si512();
    __m256i most_bin = _mm256_setzero_si256();
    __mmask16 ordinary = 0xffff;
    uint64_t clipped = 0;
    for (uint32_t k = 0; k < n; k += 16) {
        const __m512 w = _mm512_loadu_ps(weight + k);
        const __m512i bits = _mm512_castps_si512(w);
        /* non-negative floats below limit are exactly the bit patterns below limit's */
        ordinary &= _mm512_cmplt_epu32_mask(bits, limit16);
        clipped +=
            (uint64_t)__builtin_popcount(_mm512_cmpeq_epi32_mask(bits, _mm512_setzero_si512()));
        lo = _mm512_min_epu32(lo, bits);
        hi = _mm512_max_epu32(hi, bits);
        eight(_mm512_cvtps_pd(_mm512_castps512_ps256(w)), scale8, &sum, &sum2, bin + k, &most_bin);
        eight(_mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(w), 1))),
              scale8, &sum, &sum2, bin + k + 8, &most_bin);
    }
    if (ordinary != 0xffff) return 0;
    uint32_t most[8];
    _mm256_storeu_si256((void *)most, most_bin);
    for (int i = 0; i < 8; i++)
        if (most[i] >= n_bins) return 0;
    increment_bins(bin, n, bins, n_bins, weight + n);
    *out = (snn_weight_block){.clipped = clipped,
                              .sum = _mm512_reduce_add_epi64(sum),
                              .sum2 = _mm512_reduce_add_epi64(sum2),
                              .min_bits = _mm512_reduce_min_epu32(lo),
                              .max_bits = _mm512_reduce_max_epu32(hi)};
    return 1;
}

/* (int64)x of four doubles in [0, 2^51), truncated: AVX2 has no such conversion, but
 * trunc(x) + 2^52 is exact and holds trunc(x) in its low mantissa bits. */
AVX2 static inline __m256i truncate_small(__m256d x) {
    const __m256d magic = _mm256_set1_pd(0x1p52);
    const __m256d t = _mm256_round_pd(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    return _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(t, magic)),
                            _mm256_castpd_si256(magic));
}

/* Four weights as doubles, as eight() above. */
AVX2 static inline void four(__m256d wd, __m256d scale, __m256i *sum, __m256i *sum2, int32_t *bin,
                             __m128i *most_bin) {
    *sum = _mm256_add_epi64(*sum, truncate_small(_mm256_mul_pd(wd, _mm256_set1_pd(0x1p40))));
    *sum2 = _mm256_add_epi64(
        *sum2, truncate_small(_mm256_mul_pd(_mm256_mul_pd(wd, wd), _mm256_set1_pd(0x1p20))));
    const __m128i b = _mm256_cvttpd_epi32(_mm256_mul_pd(wd, scale));
    _mm_storeu_si128((void *)bin, b);
    *most_bin = _mm_max_epu32(*most_bin, b);
}

AVX2 static int count_avx2(const float *weight, uint32_t n, float limit, double scale,
                           uint32_t n_bins, uint64_t *bins, snn_weight_block *out) {
    int32_t bin[SNN_WEIGHT_BLOCK];
    uint32_t limit_bits;
    memcpy(&limit_bits, &limit, sizeof limit_bits);
    if (n > SNN_WEIGHT_BLOCK || n % 16 != 0 || !(limit <= SNN_WEIGHT_BLOCK_LIMIT)) return 0;
    const __m256i limit8 = _mm256_set1_epi32((int32_t)limit_bits), zero = _mm256_setzero_si256();
    const __m256d scale4 = _mm256_set1_pd(scale);
    __m256i sum = zero, sum2 = zero, lo = _mm256_set1_epi32(-1), hi = zero, refused = zero;
    __m128i most_bin = _mm_setzero_si128();
    uint64_t clipped = 0;
    for (uint32_t k = 0; k < n; k += 8) {
        const __m256 w = _mm256_loadu_ps(weight + k);
        const __m256i bits = _mm256_castps_si256(w);
        /* non-negative floats below limit are exactly the bit patterns in [0, limit's) as
         * signed integers (limit's sign bit is clear) */
        refused = _mm256_or_si256(
            refused, _mm256_or_si256(
                         _mm256_cmpgt_epi32(zero, bits),
                         _mm256_cmpgt_epi32(bits, _mm256_sub_epi32(limit8, _mm256_set1_epi32(1)))));
        clipped += (uint64_t)__builtin_popcount(
            _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(bits, zero))));
        lo = _mm256_min_epu32(lo, bits);
        hi = _mm256_max_epu32(hi, bits);
        four(_mm256_cvtps_pd(_mm256_castps256_ps128(w)), scale4, &sum, &sum2, bin + k, &most_bin);
        four(_mm256_cvtps_pd(_mm256_extractf128_ps(w, 1)), scale4, &sum, &sum2, bin + k + 4,
             &most_bin);
    }
    if (!_mm256_testz_si256(refused, refused)) return 0;
    uint32_t most[4], lows[8], highs[8];
    _mm_storeu_si128((void *)most, most_bin);
    for (int i = 0; i < 4; i++)
        if (most[i] >= n_bins) return 0;
    increment_bins(bin, n, bins, n_bins, weight + n);
    int64_t sums[4], sums2[4];
    _mm256_storeu_si256((void *)sums, sum);
    _mm256_storeu_si256((void *)sums2, sum2);
    _mm256_storeu_si256((void *)lows, lo);
    _mm256_storeu_si256((void *)highs, hi);
    *out = (snn_weight_block){.clipped = clipped,
                              .sum = sums[0] + sums[1] + sums[2] + sums[3],
                              .sum2 = sums2[0] + sums2[1] + sums2[2] + sums2[3],
                              .min_bits = UINT32_MAX};
    for (int i = 0; i < 8; i++) {
        out->min_bits = lows[i] < out->min_bits ? lows[i] : out->min_bits;
        out->max_bits = highs[i] > out->max_bits ? highs[i] : out->max_bits;
    }
    return 1;
}

unsigned snn_weight_block_counts(snn_weight_block_fn fn[2], const char *name[2]) {
    unsigned n = 0;
    if (has_avx512()) fn[n] = count_avx512, name[n++] = "AVX-512";
    if (has_avx2()) fn[n] = count_avx2, name[n++] = "AVX2";
    return n;
}

int snn_weight_block_available(void) {
    return has_avx512() || has_avx2();
}

int snn_weight_block_count(const float *weight, uint32_t n, float limit, double scale,
                           uint32_t n_bins, uint64_t *bins, snn_weight_block *out) {
    /* the CPU model is read once, at load time */
    if (has_avx512()) return count_avx512(weight, n, limit, scale, n_bins, bins, out);
    if (has_avx2()) return count_avx2(weight, n, limit, scale, n_bins, bins, out);
    return 0; /* counts nothing: the caller counts one weight at a time */
}
#else
unsigned snn_weight_block_counts(snn_weight_block_fn fn[2], const char *name[2]) {
    (void)fn, (void)name;
    return 0;
}

int snn_weight_block_available(void) {
    return 0;
}

int snn_weight_block_count(const float *weight, uint32_t n, float limit, double scale,
                           uint32_t n_bins, uint64_t *bins, snn_weight_block *out) {
    (void)weight, (void)n, (void)limit, (void)scale, (void)n_bins, (void)bins, (void)out;
    return 0;
}
#endif
