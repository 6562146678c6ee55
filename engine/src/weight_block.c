/* snn_weight_block: the AVX-512 count of an ordinary block of weights (see the header). It
 * is faster than the scalar loop because nothing in it waits on the weight before: the
 * extremes, sums and bin indices of eight weights at a time, then the bins incremented. */
#include "snn/weight_block.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512dq")))

int snn_weight_block_available(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
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

AVX512 int snn_weight_block_count(const float *weight, uint32_t n, float limit, double scale,
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
    for (uint32_t k = 0; k < n; k++)
        bins[bin[k]] += 1;
    *out = (snn_weight_block){.clipped = clipped,
                              .sum = _mm512_reduce_add_epi64(sum),
                              .sum2 = _mm512_reduce_add_epi64(sum2),
                              .min_bits = _mm512_reduce_min_epu32(lo),
                              .max_bits = _mm512_reduce_max_epu32(hi)};
    return 1;
}
#else
int snn_weight_block_available(void) {
    return 0;
}

int snn_weight_block_count(const float *weight, uint32_t n, float limit, double scale,
                           uint32_t n_bins, uint64_t *bins, snn_weight_block *out) {
    (void)weight, (void)n, (void)limit, (void)scale, (void)n_bins, (void)bins, (void)out;
    return 0;
}
#endif
