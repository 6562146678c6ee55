/* snn_stdp_row_avx512: the rule of stdp.h on eight synapses of a row at a time.
 *
 * Why: a quarter of the events have more than one postsynaptic spike to apply, and the scalar
 * loop walks the target's history for them (a call, two dependent loads, a branch that goes
 * either way at random): half the simulation's time went there. Here every lane applies, in
 * time order, the spikes among the last three of its target's trace (the third, the previous,
 * the latest) that came after the source's done_through,
 *     w <- w + lambda w^mu Kplus exp(-(t_post + d - t_last) / tau_plus)
 * and then depresses, w' = max(0, w - lambda alpha w Kminus), with masks instead of
 * branches and w^mu as in pow_mu.h. Each product and sum is the scalar code's, in its order
 * and rounding (no FMA: the intrinsics name the instructions), so the results are the same
 * bits. The lanes this does not cover (a fourth spike to apply, a decay beyond the table, a
 * weight that pow_mu.h hands to pow) are done again by the scalar rule. The weights are then
 * added to the ring in row order, one by one, as the scalar loop does: the sums round the
 * same, also where a row holds a target twice. */
#include "snn/stdp_row.h"

#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512dq")))

_Static_assert(sizeof(snn_stdp_post_trace) == 24 && offsetof(snn_stdp_post_trace, kminus) == 0 &&
                   offsetof(snn_stdp_post_trace, latest) == 8 &&
                   offsetof(snn_stdp_post_trace, previous) == 12 &&
                   offsetof(snn_stdp_post_trace, third) == 16 &&
                   offsetof(snn_stdp_post_trace, fourth) == 20,
               "the gathers read a trace as three 8-byte words: kminus, (latest, previous), "
               "(third, fourth)");

/* x^mu of eight floats (pow_mu.h, snn_pow_mu_eval, term for term); *special: the lanes it
 * gives to pow (zero, subnormal, infinite, NaN, negative), left to the caller. */
AVX512 static inline __m512d pow_mu8(const snn_pow_mu *t, __m256i bits, __mmask8 *special) {
    const __m256i biased_exponent =
        _mm256_and_si256(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(0xff));
    const __m256i fraction = _mm256_and_si256(bits, _mm256_set1_epi32(0x7fffff));
    *special = _mm256_cmpeq_epi32_mask(biased_exponent, _mm256_setzero_si256()) |
               _mm256_cmpeq_epi32_mask(biased_exponent, _mm256_set1_epi32(0xff)) |
               _mm256_cmplt_epi32_mask(bits, _mm256_setzero_si256());
    const __m256i bin = _mm256_srli_epi32(fraction, 23 - SNN_POW_MU_BITS);
    const __m512d one = _mm512_set1_pd(1.0);
    const __m512d m =
        _mm512_add_pd(one, _mm512_mul_pd(_mm512_cvtepi32_pd(fraction), _mm512_set1_pd(0x1p-23)));
    const __m512d centre = _mm512_add_pd(
        one, _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepi32_pd(bin), _mm512_set1_pd(0.5)),
                           _mm512_set1_pd(1.0 / SNN_POW_MU_BINS)));
    const __m512d r =
        _mm512_mul_pd(_mm512_sub_pd(m, centre), _mm512_i32gather_pd(bin, t->centre_inverse, 8));
    __m512d series = _mm512_mul_pd(r, _mm512_set1_pd(t->series[2]));
    series = _mm512_mul_pd(r, _mm512_add_pd(_mm512_set1_pd(t->series[1]), series));
    series =
        _mm512_add_pd(one, _mm512_mul_pd(r, _mm512_add_pd(_mm512_set1_pd(t->series[0]), series)));
    const __m512d scale = _mm512_mul_pd(_mm512_i32gather_pd(biased_exponent, t->by_exponent, 8),
                                        _mm512_i32gather_pd(bin, t->centre_pow, 8));
    return _mm512_mul_pd(scale, series);
}

/* The source's side of the rule, the same for every synapse of the row. */
typedef struct {
    __m256i to_decay_index; /* t_post + (d - t_last) is the decay's index */
    __m256i table_size;
    __m512d kplus, lambda;
} source_side;

/* One postsynaptic spike at t_post, in `lanes`, facilitates w (snn_stdp_facilitate with
 * Kplus decayed to t_post + d, the scalar code's grouping: w + (lambda w^mu) (Kplus decay)).
 * Lanes it cannot do are added to *scalar. */
AVX512 static inline __m512d facilitate8(const snn_stdp *p, const source_side *src, __m512d w,
                                         __m256i t_post, __mmask8 lanes, __mmask8 *scalar) {
    const __m256i decay_index = _mm256_add_epi32(t_post, src->to_decay_index);
    const __mmask8 in_table = _mm256_cmplt_epu32_mask(decay_index, src->table_size);
    const __m256 w_float = _mm512_cvtpd_ps(w); /* w^mu of the weight as a float, as there */
    __mmask8 special;
    const __m512d w_pow_mu = pow_mu8(&p->w_pow_mu, _mm256_castps_si256(w_float), &special);
    const __mmask8 apply = lanes & in_table & (__mmask8)~special;
    *scalar |= lanes & (__mmask8)~apply;
    const __m512d decay =
        _mm512_mask_i32gather_pd(_mm512_setzero_pd(), apply, decay_index, p->decay_plus, 8);
    const __m512d facilitated = _mm512_add_pd(
        w, _mm512_mul_pd(_mm512_mul_pd(src->lambda, w_pow_mu), _mm512_mul_pd(src->kplus, decay)));
    return _mm512_mask_blend_pd(apply, w, facilitated);
}

AVX512 static inline __attribute__((always_inline)) void
row_of_width(const snn_stdp_row *row, unsigned width, uint64_t begin, uint64_t end) {
    const snn_stdp *p = row->rule;
    const snn_stdp_pre *pre = row->pre;
    const uint16_t *target16 = row->target;
    const uint32_t *target32 = row->target;
    float *weight = row->weight;
    const __m256i done_through = _mm256_set1_epi32(pre->done_through);
    const source_side src = {.to_decay_index = _mm256_set1_epi32(p->delay - pre->t_last),
                             .table_size = _mm256_set1_epi32(SNN_DECAY_TABLE),
                             .kplus = _mm512_set1_pd(pre->kplus),
                             .lambda = _mm512_set1_pd(p->lambda)};
    const __m512d lambda_alpha = _mm512_set1_pd(p->lambda * p->alpha);
    uint64_t k = begin;
    for (; k + 8 <= end; k += 8) {
        const __m256i j = width == 2
                              ? _mm256_cvtepu16_epi32(_mm_loadu_si128((const void *)(target16 + k)))
                              : _mm256_loadu_si256((const void *)(target32 + k));
        const __m256i j3 = _mm256_mullo_epi32(j, _mm256_set1_epi32(3)); /* a trace: 3 words */
        const __m512d kminus = _mm512_i32gather_pd(j3, &row->post->kminus, 8);
        const __m512i newer = _mm512_i32gather_epi64(j3, &row->post->latest, 8);
        const __m512i older = _mm512_i32gather_epi64(j3, &row->post->third, 8);
        const __m256i latest = _mm512_cvtepi64_epi32(newer);
        const __m256i previous = _mm512_cvtepi64_epi32(_mm512_srli_epi64(newer, 32));
        const __m256i third = _mm512_cvtepi64_epi32(older);
        const __m256i fourth = _mm512_cvtepi64_epi32(_mm512_srli_epi64(older, 32));
        const __m256 w_float = _mm256_loadu_ps(weight + k);
        __m512d w = _mm512_cvtps_pd(w_float);

        /* stamps fall from latest to fourth, so each mask holds the next */
        const __mmask8 after_latest = _mm256_cmpgt_epi32_mask(latest, done_through);
        const __mmask8 after_previous = _mm256_cmpgt_epi32_mask(previous, done_through);
        const __mmask8 after_third = _mm256_cmpgt_epi32_mask(third, done_through);
        __mmask8 scalar = _mm256_cmpgt_epi32_mask(fourth, done_through);
        if (after_third) w = facilitate8(p, &src, w, third, after_third, &scalar);
        if (after_previous) w = facilitate8(p, &src, w, previous, after_previous, &scalar);
        if (after_latest) w = facilitate8(p, &src, w, latest, after_latest, &scalar);
        /* max(0, w - (lambda alpha w) Kminus): vmaxpd gives 0 for a NaN, as the scalar test */
        const __m512d depressed =
            _mm512_sub_pd(w, _mm512_mul_pd(_mm512_mul_pd(lambda_alpha, w), kminus));
        _mm256_storeu_ps(weight + k,
                         _mm512_cvtpd_ps(_mm512_max_pd(depressed, _mm512_setzero_pd())));

        if (scalar) {
            float w_before[8];
            uint32_t js[8];
            _mm256_storeu_ps(w_before, w_float);
            _mm256_storeu_si256((void *)js, j);
            for (unsigned i = 0; i < 8; i++)
                if (scalar & (1u << i))
                    weight[k + i] = (float)snn_stdp_on_pre_spike(
                        p, &row->history[js[i]], pre, row->stamp, row->post[js[i]], w_before[i]);
        }
        for (uint64_t i = k; i < k + 8; i++)
            row->ring_ex[width == 2 ? target16[i] : target32[i]] += weight[i];
    }
    snn_stdp_row_scalar(row, k, end);
}

AVX512 void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        row_of_width(row, 2, begin, end);
    else
        row_of_width(row, 4, begin, end);
}
#else
void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_row_scalar(row, begin, end); /* not picked on such CPUs */
}
#endif
