/* snn_stdp_row_avx512: the rule of stdp.h on eight synapses of a row at a time.
 *
 * Why: a quarter of the events have more than one postsynaptic spike to apply, and the scalar
 * loop walks the target's history for them (a call, two dependent loads, a branch that goes
 * either way at random): half the simulation's time went there. Here every lane applies, in
 * time order, the spikes among the last five of its target's trace (from the fifth to the
 * latest) that came after the source's done_through,
 *     w <- w + lambda w^mu Kplus exp(-(t_post + d - t_last) / tau_plus)
 * and then depresses, w' = max(0, w - lambda alpha w Kminus), with masks instead of
 * branches and w^mu as in pow_mu.h. Each product and sum is the scalar code's, in its order
 * and rounding (no FMA: the intrinsics name the instructions), so the results are the same
 * bits. The lanes this does not cover (a sixth spike to apply, a decay beyond the table, a
 * weight that pow_mu.h hands to pow) are done again by the scalar rule. The weights are then
 * added to the ring in row order, one by one, as the scalar loop does: the sums round the
 * same, also where a row holds a target twice. */
#include "snn/stdp_row.h"

#include <stddef.h>

#include "snn/network.h" /* snn_target_at */

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512dq")))

_Static_assert(sizeof(snn_stdp_post_trace) == 16 && offsetof(snn_stdp_post_trace, kminus) == 0 &&
                   offsetof(snn_stdp_post_trace, latest) == 8 &&
                   offsetof(snn_stdp_post_trace, previous) == 12,
               "the loads read a trace as two 8-byte words: kminus, (latest, previous)");
_Static_assert(sizeof(snn_stdp_post_older) == 16 && offsetof(snn_stdp_post_older, third) == 0 &&
                   offsetof(snn_stdp_post_older, fourth) == 4 &&
                   offsetof(snn_stdp_post_older, fifth) == 8 &&
                   offsetof(snn_stdp_post_older, sixth) == 12,
               "the loads read the older stamps as two 8-byte words: (third, fourth), "
               "(fifth, sixth)");

/* table[at[i]] for eight indices, by loads rather than a gather (see load_pairs). */
AVX512 static inline __m512d lookup8(const double *table, const uint32_t at[8]) {
    const __m128d a = _mm_loadh_pd(_mm_load_sd(table + at[0]), table + at[1]);
    const __m128d b = _mm_loadh_pd(_mm_load_sd(table + at[2]), table + at[3]);
    const __m128d c = _mm_loadh_pd(_mm_load_sd(table + at[4]), table + at[5]);
    const __m128d d = _mm_loadh_pd(_mm_load_sd(table + at[6]), table + at[7]);
    const __m256d ab = _mm256_insertf128_pd(_mm256_castpd128_pd256(a), b, 1);
    const __m256d cd = _mm256_insertf128_pd(_mm256_castpd128_pd256(c), d, 1);
    return _mm512_insertf64x4(_mm512_castpd256_pd512(ab), cd, 1);
}

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
    uint32_t bin_at[8], exponent_at[8];
    _mm256_storeu_si256((void *)bin_at, bin);
    _mm256_storeu_si256((void *)exponent_at, biased_exponent);
    const __m512d one = _mm512_set1_pd(1.0);
    const __m512d m =
        _mm512_add_pd(one, _mm512_mul_pd(_mm512_cvtepi32_pd(fraction), _mm512_set1_pd(0x1p-23)));
    const __m512d centre = _mm512_add_pd(
        one, _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepi32_pd(bin), _mm512_set1_pd(0.5)),
                           _mm512_set1_pd(1.0 / SNN_POW_MU_BINS)));
    const __m512d r = _mm512_mul_pd(_mm512_sub_pd(m, centre), lookup8(t->centre_inverse, bin_at));
    __m512d series = _mm512_mul_pd(r, _mm512_set1_pd(t->series[2]));
    series = _mm512_mul_pd(r, _mm512_add_pd(_mm512_set1_pd(t->series[1]), series));
    series =
        _mm512_add_pd(one, _mm512_mul_pd(r, _mm512_add_pd(_mm512_set1_pd(t->series[0]), series)));
    const __m512d scale =
        _mm512_mul_pd(lookup8(t->by_exponent, exponent_at), lookup8(t->centre_pow, bin_at));
    return _mm512_mul_pd(scale, series);
}

/* Targets k .. k + 7 of a row, of `width` bytes each, widened to 32 bits. */
AVX512 static inline __m256i eight_targets(const void *target, unsigned width, uint64_t k) {
    return width == 2 ? _mm256_cvtepu16_epi32(
                            _mm_loadu_si128((const void *)((const uint16_t *)target + k)))
                      : _mm256_loadu_si256((const void *)((const uint32_t *)target + k));
}

/* Eight 16-byte records (two 8-byte words each) from an array of them, at indices j: the
 * first words of the eight in *first, the second in *second. By plain loads and inserts
 * rather than two gathers: on this CPU a gather of eight costs about twice as much (4.5
 * against 2.3 ns for eight independent lookups, 1.1 against 0.4 ns per record read at
 * random from 720 KB, measured in isolation). */
AVX512 static inline void load_pairs(const void *records, __m256i j, __m512i *first,
                                     __m512i *second) {
    uint32_t at[8];
    _mm256_storeu_si256((void *)at, j);
    const __m128i *r = records;
    __m512i low = _mm512_castsi128_si512(_mm_loadu_si128(r + at[0]));
    low = _mm512_inserti64x2(low, _mm_loadu_si128(r + at[1]), 1);
    low = _mm512_inserti64x2(low, _mm_loadu_si128(r + at[2]), 2);
    low = _mm512_inserti64x2(low, _mm_loadu_si128(r + at[3]), 3);
    __m512i high = _mm512_castsi128_si512(_mm_loadu_si128(r + at[4]));
    high = _mm512_inserti64x2(high, _mm_loadu_si128(r + at[5]), 1);
    high = _mm512_inserti64x2(high, _mm_loadu_si128(r + at[6]), 2);
    high = _mm512_inserti64x2(high, _mm_loadu_si128(r + at[7]), 3);
    /* low: the first four records' words in order, high: the last four's */
    *first = _mm512_permutex2var_epi64(low, _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14), high);
    *second = _mm512_permutex2var_epi64(low, _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15), high);
}

/* The source's side of the rule, the same for every synapse of the row. */
typedef struct {
    __m256i to_decay_index; /* t_post + (d - t_last) is the decay's index */
    __m256i table_size;
    __m512d kplus, lambda;
} source_side;

AVX512 static inline source_side source_side_of(const snn_stdp *p, const snn_stdp_pre *pre) {
    return (source_side){.to_decay_index = _mm256_set1_epi32(p->delay - pre->t_last),
                         .table_size = _mm256_set1_epi32(SNN_DECAY_TABLE),
                         .kplus = _mm512_set1_pd(pre->kplus),
                         .lambda = _mm512_set1_pd(p->lambda)};
}

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
    uint32_t decay_at[8]; /* lanes outside the table look up entry 0, and are not applied */
    _mm256_storeu_si256((void *)decay_at, _mm256_maskz_mov_epi32(apply, decay_index));
    const __m512d decay = _mm512_maskz_mov_pd(apply, lookup8(p->decay_plus, decay_at));
    const __m512d facilitated = _mm512_add_pd(
        w, _mm512_mul_pd(_mm512_mul_pd(src->lambda, w_pow_mu), _mm512_mul_pd(src->kplus, decay)));
    return _mm512_mask_blend_pd(apply, w, facilitated);
}

/* A chunk of a row at a time: its entries with a spike to apply, and with two or more, are
 * listed so that their lanes are full, with what was read for them already: chunk offset k,
 * target j, Kminus, the latest two stamps (latest in the low half) and the weight. */
#define CHUNK 1024
typedef struct {
    uint32_t k[CHUNK + 8], j[CHUNK + 8]; /* + 8: an append stores whole registers */
    double kminus[CHUNK + 8];
    int64_t newer[CHUNK + 8];
    float w[CHUNK + 8];
    uint32_t n;
} entry_list;

typedef struct {
    __m256i k, j;
    __m512d kminus;
    __m512i newer;
    __m256 w;
} listed_lanes;

/* Appends the lanes in `which`, compressed in registers and stored whole (the lanes past
 * the new end are overwritten by the next append; the compressing store to memory is
 * microcoded on some CPUs). */
AVX512 static inline void append(entry_list *list, __mmask8 which, const listed_lanes *e) {
    const uint32_t n = list->n;
    _mm256_storeu_si256((void *)(list->k + n), _mm256_maskz_compress_epi32(which, e->k));
    _mm256_storeu_si256((void *)(list->j + n), _mm256_maskz_compress_epi32(which, e->j));
    _mm512_storeu_pd(list->kminus + n, _mm512_maskz_compress_pd(which, e->kminus));
    _mm512_storeu_si512(list->newer + n, _mm512_maskz_compress_epi64(which, e->newer));
    _mm256_storeu_ps(list->w + n, _mm256_maskz_compress_ps(which, e->w));
    list->n = n + (uint32_t)__builtin_popcount(which);
}

/* The lanes of a list from `at` (at most 8; `lanes` says which exist). */
AVX512 static inline listed_lanes list_at(const entry_list *list, uint32_t at, __mmask8 *lanes) {
    const uint32_t left = list->n - at;
    *lanes = left >= 8 ? (__mmask8)0xff : (__mmask8)((1u << left) - 1);
    return (listed_lanes){.k = _mm256_maskz_loadu_epi32(*lanes, list->k + at),
                          .j = _mm256_maskz_loadu_epi32(*lanes, list->j + at),
                          .kminus = _mm512_maskz_loadu_pd(*lanes, list->kminus + at),
                          .newer = _mm512_maskz_loadu_epi64(*lanes, list->newer + at),
                          .w = _mm256_maskz_loadu_ps(*lanes, list->w + at)};
}

/* Kminus and the latest two stamps of eight targets. Where they lie within the 16 traces
 * from the first lane's, as in a row that covers most of its VP's targets, the 32 words
 * from the first are loaded and the lanes picked from them by permutes: loads the CPU can
 * prefetch, and cheaper than gathers. Otherwise one load each (load_pairs). The trace rows have
 * SNN_TRACE_SLACK traces after the last (stdp_pl_synapse.c) for these loads. */
AVX512 static inline void read_traces(const snn_stdp_post_trace *post, __m256i j, __m512d *kminus,
                                      __m512i *newer) {
    const uint32_t j_first = (uint32_t)_mm256_cvtsi256_si32(j);
    const __m256i d = _mm256_sub_epi32(j, _mm256_set1_epi32((int32_t)j_first));
    if (_mm256_cmpgt_epu32_mask(d, _mm256_set1_epi32(15)) == 0) { /* every d in 0..15 */
        const double *words = &post[j_first].kminus;
        const __m512i at = _mm512_cvtepu32_epi64(_mm256_slli_epi32(d, 1)); /* 2 words each */
        const __m512i at_newer = _mm512_add_epi64(at, _mm512_set1_epi64(1));
        const __m512d w0 = _mm512_loadu_pd(words), w1 = _mm512_loadu_pd(words + 8);
        const __m512d w2 = _mm512_loadu_pd(words + 16), w3 = _mm512_loadu_pd(words + 24);
        /* word index i: bits 0-3 pick within (w0, w1) or (w2, w3), bit 4 which pair */
        const __mmask8 high = _mm512_cmpge_epu64_mask(at, _mm512_set1_epi64(16));
        const __mmask8 high_newer = _mm512_cmpge_epu64_mask(at_newer, _mm512_set1_epi64(16));
        *kminus = _mm512_mask_blend_pd(high, _mm512_permutex2var_pd(w0, at, w1),
                                       _mm512_permutex2var_pd(w2, at, w3));
        *newer = _mm512_castpd_si512(
            _mm512_mask_blend_pd(high_newer, _mm512_permutex2var_pd(w0, at_newer, w1),
                                 _mm512_permutex2var_pd(w2, at_newer, w3)));
        return;
    }
    __m512i kminus_words;
    load_pairs(post, j, &kminus_words, newer);
    *kminus = _mm512_castsi512_pd(kminus_words);
}

/* The older stamps of eight targets: (third, fourth) and (fifth, sixth). Read for every
 * lane (every j indexes a target: lanes past a list's end have j = 0). */
AVX512 static inline void read_older(const snn_stdp_post_older *older, __m256i j,
                                     __m512i *third_fourth, __m512i *fifth_sixth) {
    load_pairs(older, j, third_fourth, fifth_sixth);
}

/* The low and the high stamp of each lane's pair. */
AVX512 static inline __m256i low_stamps(__m512i pairs) {
    return _mm512_cvtepi64_epi32(pairs);
}
AVX512 static inline __m256i high_stamps(__m512i pairs) {
    return _mm512_cvtepi64_epi32(_mm512_srli_epi64(pairs, 32));
}

/* The spikes among a lane's older stamps that came after done_through, oldest first (fifth,
 * fourth, third), in `lanes`; a lane whose sixth came after it too is added to *scalar. */
AVX512 static inline __m512d facilitate_older(const snn_stdp *p, const source_side *src, __m512d w,
                                              const snn_stdp_post_older *older, __m256i j,
                                              __mmask8 lanes, __m256i done_through,
                                              __mmask8 *scalar) {
    __m512i third_fourth, fifth_sixth;
    read_older(older, j, &third_fourth, &fifth_sixth);
    *scalar |= lanes & _mm256_cmpgt_epi32_mask(high_stamps(fifth_sixth), done_through);
    const __m256i oldest_first[3] = {low_stamps(fifth_sixth), high_stamps(third_fourth),
                                     low_stamps(third_fourth)};
    for (int i = 0; i < 3; i++) {
        const __mmask8 after = lanes & _mm256_cmpgt_epi32_mask(oldest_first[i], done_through);
        if (after) w = facilitate8(p, src, w, oldest_first[i], after, scalar);
    }
    return w;
}

/* Depression of the listed lanes' facilitated weights, stored; the lanes in `scalar` (and
 * only those) take the scalar rule from their weight before. */
AVX512 static inline void finish_listed(const snn_stdp_row *row, float *chunk_weight, __m256i k,
                                        __m256i j, __m256 w_before, __m512d w, __m512d kminus,
                                        __m512d lambda_alpha, __mmask8 lanes, __mmask8 scalar) {
    /* max(0, w - (lambda alpha w) Kminus): vmaxpd gives 0 for a NaN, as the scalar test */
    const __m512d depressed =
        _mm512_sub_pd(w, _mm512_mul_pd(_mm512_mul_pd(lambda_alpha, w), kminus));
    _mm256_mask_i32scatter_ps(chunk_weight, lanes & (__mmask8)~scalar, k,
                              _mm512_cvtpd_ps(_mm512_max_pd(depressed, _mm512_setzero_pd())), 4);
    if (scalar) {
        float before[8];
        uint32_t ks[8], js[8];
        _mm256_storeu_ps(before, w_before);
        _mm256_storeu_si256((void *)ks, k);
        _mm256_storeu_si256((void *)js, j);
        for (unsigned i = 0; i < 8; i++)
            if (scalar & (1u << i))
                chunk_weight[ks[i]] =
                    (float)snn_stdp_on_pre_spike(row->rule, &row->history[js[i]], row->pre,
                                                 row->stamp, row->post[js[i]], before[i]);
    }
}

AVX512 static inline __attribute__((always_inline)) void
row_of_width(const snn_stdp_row *row, unsigned width, uint64_t begin, uint64_t end) {
    const snn_stdp *p = row->rule;
    const snn_stdp_pre *pre = row->pre;
    const __m256i done_through = _mm256_set1_epi32(pre->done_through);
    const source_side src = source_side_of(p, pre);
    const __m512d lambda_alpha = _mm512_set1_pd(p->lambda * p->alpha);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    entry_list one, two;
    const uint64_t whole = begin + ((end - begin) & ~(uint64_t)7);
    for (uint64_t first = begin; first < whole; first += CHUNK) {
        const uint32_t n = whole - first < CHUNK ? (uint32_t)(whole - first) : CHUNK;
        float *weight = row->weight + first;
        one.n = two.n = 0;
        /* Every entry: depressed only, where its target has not spiked since done_through;
         * the others listed. */
        for (uint32_t k = 0; k < n; k += 8) {
            listed_lanes e;
            e.k = _mm256_add_epi32(_mm256_set1_epi32((int32_t)k), lane);
            e.j = eight_targets(row->target, width, first + k);
            read_traces(row->post, e.j, &e.kminus, &e.newer);
            const __mmask8 after_latest =
                _mm256_cmpgt_epi32_mask(low_stamps(e.newer), done_through);
            e.w = _mm256_loadu_ps(weight + k);
            const __m512d w = _mm512_cvtps_pd(e.w);
            const __m512d depressed =
                _mm512_sub_pd(w, _mm512_mul_pd(_mm512_mul_pd(lambda_alpha, w), e.kminus));
            _mm256_mask_storeu_ps(weight + k, (__mmask8)~after_latest,
                                  _mm512_cvtpd_ps(_mm512_max_pd(depressed, _mm512_setzero_pd())));
            if (after_latest) append(&one, after_latest, &e);
        }
        /* Entries with a spike to apply: those with just one done here, the rest listed. */
        for (uint32_t at = 0; at < one.n; at += 8) {
            __mmask8 lanes;
            const listed_lanes e = list_at(&one, at, &lanes);
            const __mmask8 several =
                lanes & _mm256_cmpgt_epi32_mask(high_stamps(e.newer), done_through);
            if (several) append(&two, several, &e);
            const __mmask8 single = lanes & (__mmask8)~several;
            if (!single) continue;
            __mmask8 scalar = 0;
            const __m512d w =
                facilitate8(p, &src, _mm512_cvtps_pd(e.w), low_stamps(e.newer), single, &scalar);
            finish_listed(row, weight, e.k, e.j, e.w, w, e.kminus, lambda_alpha, single, scalar);
        }
        /* Entries with two spikes or more: up to five from the traces, a sixth scalar. */
        for (uint32_t at = 0; at < two.n; at += 8) {
            __mmask8 lanes, scalar = 0;
            const listed_lanes e = list_at(&two, at, &lanes);
            __m512d w = _mm512_cvtps_pd(e.w);
            /* stamps fall from latest to sixth: oldest first */
            w = facilitate_older(p, &src, w, row->older, e.j, lanes, done_through, &scalar);
            w = facilitate8(p, &src, w, high_stamps(e.newer), lanes, &scalar);
            w = facilitate8(p, &src, w, low_stamps(e.newer), lanes, &scalar);
            finish_listed(row, weight, e.k, e.j, e.w, w, e.kminus, lambda_alpha, lanes, scalar);
        }
        /* The new weights into the ring, in row order as the scalar loop adds them */
        for (uint32_t k = 0; k < n; k++)
            row->ring_ex[snn_target_at(row->target, width, first + k)] += weight[k];
    }
    snn_stdp_row_scalar(row, whole, end);
}

AVX512 void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        row_of_width(row, 2, begin, end);
    else
        row_of_width(row, 4, begin, end);
}

/* The catch-up: the same stages on every lane, no depression, no transmission. */
AVX512 static inline __attribute__((always_inline)) void
catch_up_of_width(const snn_stdp_row *row, unsigned width, uint64_t begin, uint64_t end) {
    const snn_stdp *p = row->rule;
    const snn_stdp_pre *pre = row->pre;
    float *weight = row->weight;
    const int32_t through = row->stamp - p->delay;
    const __m256i done_through = _mm256_set1_epi32(pre->done_through);
    const source_side src = source_side_of(p, pre);
    uint64_t k = begin;
    for (; k + 8 <= end; k += 8) {
        const __m256i j = eight_targets(row->target, width, k);
        __m512i kminus_words, newer; /* Kminus is not needed here */
        load_pairs(row->post, j, &kminus_words, &newer);
        const __m256i latest = low_stamps(newer), previous = high_stamps(newer);
        const __mmask8 after_latest = _mm256_cmpgt_epi32_mask(latest, done_through);
        if (!after_latest) continue; /* nothing to apply: every weight stays as it is */
        const __mmask8 after_previous = _mm256_cmpgt_epi32_mask(previous, done_through);
        __mmask8 scalar = 0;
        const __m256 w_before = _mm256_loadu_ps(weight + k);
        __m512d w = _mm512_cvtps_pd(w_before);
        if (after_previous) { /* stamps fall from latest to sixth: oldest first */
            w = facilitate_older(p, &src, w, row->older, j, after_previous, done_through, &scalar);
            w = facilitate8(p, &src, w, previous, after_previous, &scalar);
        }
        w = facilitate8(p, &src, w, latest, after_latest, &scalar);
        _mm256_mask_storeu_ps(weight + k, after_latest & (__mmask8)~scalar, _mm512_cvtpd_ps(w));
        if (scalar) {
            float before[8];
            uint32_t js[8];
            _mm256_storeu_ps(before, w_before);
            _mm256_storeu_si256((void *)js, j);
            for (unsigned i = 0; i < 8; i++)
                if (scalar & (1u << i))
                    weight[k + i] = (float)snn_stdp_facilitate_through(p, &row->history[js[i]], pre,
                                                                       through, before[i]);
        }
    }
    snn_stdp_catch_up_scalar(row, k, end);
}

AVX512 void snn_stdp_catch_up_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        catch_up_of_width(row, 2, begin, end);
    else
        catch_up_of_width(row, 4, begin, end);
}
#else
void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_row_scalar(row, begin, end); /* not picked on such CPUs */
}
void snn_stdp_catch_up_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_catch_up_scalar(row, begin, end);
}
#endif
