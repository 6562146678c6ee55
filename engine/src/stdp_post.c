/* snn_stdp_post_steps: the postsynaptic side of a step for a VP's E neurons at once.
 *
 * Why: every step reads every neuron's Kminus and latest spike and writes its trace, while
 * hardly any neuron spikes. Eight neurons at a time where the CPU has AVX-512, four where it
 * has AVX2, compute
 *     Kminus(stamp) = Kminus(after the latest spike) exp(-(stamp - latest) / tau_minus)
 * with the decay from the same table and the same product as snn_stdp_post_step, and write
 * the traces; a lane that spikes, spiked within the span, or decays beyond the table is done
 * by snn_stdp_post_step itself, afterwards. */
#include "snn/stdp.h"

#include <stddef.h>
#include <string.h>

#include "snn/error.h"

/* One neuron, as the vector lanes leave to it. */
static inline int one(const snn_stdp *p, snn_stdp_recent *recent, snn_stdp_history *history,
                      const uint8_t *spiked, uint32_t j, int32_t stamp, int32_t forget_through,
                      int32_t unchanged_through, snn_stdp_post_trace *out,
                      snn_stdp_post_older *older) {
    const int write_older = spiked[j] || recent[j].latest > unchanged_through;
    return snn_stdp_post_step(&recent[j], &history[j], p, stamp, spiked[j], forget_through, &out[j],
                              write_older ? &older[j] : NULL);
}

/* Neurons j + i for the bits i of `whole`, which the vector lanes leave to one(). */
static inline int lanes_whole(const snn_stdp *p, snn_stdp_recent *recent, snn_stdp_history *history,
                              const uint8_t *spiked, uint32_t j, unsigned whole, int32_t stamp,
                              int32_t forget_through, int32_t unchanged_through,
                              snn_stdp_post_trace *out, snn_stdp_post_older *older) {
    for (; whole; whole &= whole - 1)
        if (one(p, recent, history, spiked, j + (uint32_t)__builtin_ctz(whole), stamp,
                forget_through, unchanged_through, out, older) != SNN_OK)
            return SNN_ERR_NOMEM;
    return SNN_OK;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw")))
#define AVX2   __attribute__((target("avx2")))

_Static_assert(sizeof(snn_stdp_recent) == 16 && offsetof(snn_stdp_recent, kminus) == 0 &&
                   offsetof(snn_stdp_recent, latest) == 8 &&
                   offsetof(snn_stdp_recent, previous) == 12 && sizeof(snn_stdp_post_trace) == 16 &&
                   offsetof(snn_stdp_post_trace, kminus) == 0 &&
                   offsetof(snn_stdp_post_trace, latest) == 8,
               "a neuron's recent spikes and its trace: two 8-byte words, Kminus and the two "
               "stamps, in the same places");

/* Neurons [0, n - n % 8): the traces of every lane, then the lanes the rule needs whole.
 * Returns the neurons done, or 0 with *status = SNN_ERR_NOMEM where a history ran out of
 * memory. */
AVX512 static uint32_t eight_at_a_time(const snn_stdp *p, snn_stdp_recent *recent,
                                       snn_stdp_history *history, const uint8_t *spiked, uint32_t n,
                                       int32_t stamp, int32_t forget_through,
                                       int32_t unchanged_through, snn_stdp_post_trace *out,
                                       snn_stdp_post_older *older, int *status) {
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    const __m512i first_half = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const __m512i second_half = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    const __m256i none = _mm256_set1_epi32(INT32_MIN), now = _mm256_set1_epi32(stamp);
    const __m256i table = _mm256_set1_epi32(SNN_DECAY_TABLE);
    const __m256i unchanged = _mm256_set1_epi32(unchanged_through);
    uint32_t j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m512i r0 = _mm512_loadu_si512(recent + j), r1 = _mm512_loadu_si512(recent + j + 4);
        const __m512d kminus_after = _mm512_castsi512_pd(_mm512_permutex2var_epi64(r0, even, r1));
        const __m512i stamps = _mm512_permutex2var_epi64(r0, odd, r1); /* (latest, previous) */
        const __m256i latest = _mm512_cvtepi64_epi32(stamps);
        const __m256i since = _mm256_sub_epi32(now, latest);
        const __mmask8 spiked_before = (__mmask8)~_mm256_cmpeq_epi32_mask(latest, none);
        const __mmask8 in_table = spiked_before & _mm256_cmplt_epu32_mask(since, table);
        /* k = 0 where it never spiked, kminus decay where the table has the decay */
        const __m512d decay =
            _mm512_mask_i32gather_pd(_mm512_setzero_pd(), in_table, since, p->decay_minus, 8);
        const __m512d k = _mm512_maskz_mul_pd(in_table, kminus_after, decay);
        _mm512_storeu_si512(out + j,
                            _mm512_permutex2var_epi64(_mm512_castpd_si512(k), first_half, stamps));
        _mm512_storeu_si512(out + j + 4,
                            _mm512_permutex2var_epi64(_mm512_castpd_si512(k), second_half, stamps));
        const __mmask8 spikes =
            _mm_test_epi8_mask(_mm_loadl_epi64((const void *)(spiked + j)), _mm_set1_epi8(-1));
        const unsigned whole = spikes | (spiked_before & (__mmask8)~in_table) |
                               (spiked_before & _mm256_cmpgt_epi32_mask(latest, unchanged));
        if (lanes_whole(p, recent, history, spiked, j, whole, stamp, forget_through,
                        unchanged_through, out, older) != SNN_OK) {
            *status = SNN_ERR_NOMEM;
            return 0;
        }
    }
    return j;
}

/* The same four neurons at a time with AVX2 (the decay by four loads: gathers are slow on
 * the CPUs that have AVX2 but not AVX-512). */
AVX2 static uint32_t four_at_a_time(const snn_stdp *p, snn_stdp_recent *recent,
                                    snn_stdp_history *history, const uint8_t *spiked, uint32_t n,
                                    int32_t stamp, int32_t forget_through,
                                    int32_t unchanged_through, snn_stdp_post_trace *out,
                                    snn_stdp_post_older *older, int *status) {
    const __m128i none = _mm_set1_epi32(INT32_MIN), now = _mm_set1_epi32(stamp);
    const __m128i table = _mm_set1_epi32(SNN_DECAY_TABLE);
    const __m128i unchanged = _mm_set1_epi32(unchanged_through);
    uint32_t j = 0;
    for (; j + 4 <= n; j += 4) {
        /* neurons j, j + 1 in r0, j + 2, j + 3 in r1; the in-lane unpacks give (j, j + 2,
         * j + 1, j + 3), which the permutes put in order */
        const __m256i r0 = _mm256_loadu_si256((const void *)(recent + j));
        const __m256i r1 = _mm256_loadu_si256((const void *)(recent + j + 2));
        const __m256d kminus_after =
            _mm256_castsi256_pd(_mm256_permute4x64_epi64(_mm256_unpacklo_epi64(r0, r1), 0xd8));
        const __m256i stamps = /* (latest, previous) */
            _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(r0, r1), 0xd8);
        const __m128i latest = _mm256_castsi256_si128(
            _mm256_permutevar8x32_epi32(stamps, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7)));
        const __m128i since = _mm_sub_epi32(now, latest);
        const __m128i spiked_before =
            _mm_xor_si128(_mm_cmpeq_epi32(latest, none), _mm_set1_epi32(-1));
        const __m128i in_table = _mm_and_si128(
            spiked_before, _mm_andnot_si128(_mm_cmplt_epi32(since, _mm_setzero_si128()),
                                            _mm_cmplt_epi32(since, table)));
        /* k = 0 where it never spiked, kminus decay where the table has the decay */
        uint32_t at[4];
        _mm_storeu_si128((void *)at, _mm_and_si128(in_table, since));
        const __m256d decay = _mm256_setr_pd(p->decay_minus[at[0]], p->decay_minus[at[1]],
                                             p->decay_minus[at[2]], p->decay_minus[at[3]]);
        const __m256d k = _mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(in_table)),
                                        _mm256_mul_pd(kminus_after, decay));
        const __m256i low = _mm256_unpacklo_epi64(_mm256_castpd_si256(k), stamps); /* j, j + 2 */
        const __m256i high =
            _mm256_unpackhi_epi64(_mm256_castpd_si256(k), stamps); /* j + 1, j + 3 */
        _mm256_storeu_si256((void *)(out + j), _mm256_permute2x128_si256(low, high, 0x20));
        _mm256_storeu_si256((void *)(out + j + 2), _mm256_permute2x128_si256(low, high, 0x31));
        int32_t four_spiked;
        memcpy(&four_spiked, spiked + j, sizeof four_spiked);
        const int silent =
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_cvtsi32_si128(four_spiked), _mm_setzero_si128())) &
            0xf;
        const int before = _mm_movemask_ps(_mm_castsi128_ps(spiked_before));
        const int in = _mm_movemask_ps(_mm_castsi128_ps(in_table));
        const int recently = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(latest, unchanged)));
        const unsigned whole = (unsigned)((~silent & 0xf) | (before & ~in) | (before & recently));
        if (lanes_whole(p, recent, history, spiked, j, whole, stamp, forget_through,
                        unchanged_through, out, older) != SNN_OK) {
            *status = SNN_ERR_NOMEM;
            return 0;
        }
    }
    return j;
}
#endif

int snn_stdp_post_steps(const snn_stdp *p, snn_stdp_recent *recent, snn_stdp_history *history,
                        const uint8_t *spiked, uint32_t n, int32_t stamp, int32_t forget_through,
                        int32_t unchanged_through, snn_stdp_post_trace *out,
                        snn_stdp_post_older *older) {
    uint32_t j = 0;
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw")) { /* the CPU model is read once, at load time */
        int status = SNN_OK;
        j = eight_at_a_time(p, recent, history, spiked, n, stamp, forget_through, unchanged_through,
                            out, older, &status);
        if (status != SNN_OK) return status;
    } else if (__builtin_cpu_supports("avx2")) {
        int status = SNN_OK;
        j = four_at_a_time(p, recent, history, spiked, n, stamp, forget_through, unchanged_through,
                           out, older, &status);
        if (status != SNN_OK) return status;
    }
#endif
    for (; j < n; j++)
        if (one(p, recent, history, spiked, j, stamp, forget_through, unchanged_through, out,
                older) != SNN_OK)
            return SNN_ERR_NOMEM;
    return SNN_OK;
}
