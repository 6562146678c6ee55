/* snn_stdp_row_avx2: the rule of stdp.h on four synapses of a row at a time, for CPUs with
 * AVX2 but not AVX-512 (AMD Zen 2 and 3, Intel before Skylake-SP).
 *
 * Why: there the scalar loop ran alone, and it pays for two branches per synapse that go
 * either way at random (has the target spiked since done_through? more than once?) and for a
 * call and a history walk at a quarter of the synapses. Here four lanes go through the same
 * steps with masks instead: in time order, every spike among the latest five of the target's
 * trace (fifth to latest) that came after the source's done_through,
 *     w <- w + lambda w^mu Kplus exp(-(t_post + d - t_last) / tau_plus)
 * then w' = max(0, w - lambda alpha w Kminus). A chunk of the row is walked in passes:
 * every entry depressed and sorted into two lists, the entries with one spike to apply and
 * those with two or more, then a pass on each list; a step that no lane needs is skipped.
 * A row with nothing to facilitate (a source's first spike) is only depressed and added to
 * the ring. The catch-up of silent sources walks its rows by the lists, without the depression.
 * Each product and sum is the scalar code's, in its order and rounding (the intrinsics name the
 * instructions, and -std=c17 lets the compiler fuse none), so the bits are the same. Lanes
 * this cannot do (a sixth spike to apply, a decay beyond the table, a weight outside
 * [2^-32, 2^32), pow_mu.h's tabulated products) are done again by the scalar rule. The
 * weights are then added to the ring one by one in row order, as the scalar loop adds them.
 *
 * Gathers are slow on these CPUs (on Zen 3, reading the tables by gathers made the lists'
 * passes 15 % slower), so every table entry and trace record is read by a plain
 * load (the records two 8-byte words at a time) and the lanes put together by shuffles. */
#include "snn/stdp_row.h"

#include <stddef.h>

#include "snn/network.h" /* snn_target_at */

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

_Static_assert(sizeof(snn_stdp_post_trace) == 16 && offsetof(snn_stdp_post_trace, kminus) == 0 &&
                   offsetof(snn_stdp_post_trace, latest) == 8 &&
                   offsetof(snn_stdp_post_trace, previous) == 12,
               "a trace is read as two 8-byte words: kminus, (latest, previous)");
_Static_assert(sizeof(snn_stdp_post_older) == 16 && offsetof(snn_stdp_post_older, third) == 0 &&
                   offsetof(snn_stdp_post_older, fifth) == 8,
               "the older stamps are read as two 8-byte words: (third, fourth), (fifth, sixth)");

/* table[at[i]] for four indices. */
AVX2 static inline __m256d lookup4(const double *table, const uint32_t at[4]) {
    const __m128d low = _mm_loadh_pd(_mm_load_sd(table + at[0]), table + at[1]);
    const __m128d high = _mm_loadh_pd(_mm_load_sd(table + at[2]), table + at[3]);
    return _mm256_insertf128_pd(_mm256_castpd128_pd256(low), high, 1);
}

/* Lane masks: a 32-bit lane's all-ones or zero widened to its 64-bit lane. */
AVX2 static inline __m256d wide(__m128i mask) {
    return _mm256_castsi256_pd(_mm256_cvtepi32_epi64(mask));
}
AVX2 static inline int any(__m128i mask) {
    return _mm_movemask_ps(_mm_castsi128_ps(mask));
}

/* x^mu of four floats x in [2^-32, 2^32) (pow_mu.h, snn_pow_mu_eval, term for term);
 * *outside: the lanes outside that range (among them all that eval gives to pow: zero,
 * subnormal, infinite, NaN, negative), left to the caller.
 *
 * With x's bits read as exponent, bin and 16 bits within the bin: the bin's product
 * 2^(mu e) c_i^mu is one entry of t->scale (the one eval computes), at bits >> 16 less the
 * lowest exponent tabulated; and m - c_i, which eval computes exactly from m and c_i, is
 * the offset within the bin less its half, (low 16 bits - 2^15) 2^-23, the same number. */
AVX2 static inline __attribute__((always_inline)) __m256d pow_mu4(const snn_pow_mu *t, __m128i bits,
                                                                  __m128i *outside) {
    const __m128i at = _mm_sub_epi32(_mm_srli_epi32(bits, 16),
                                     _mm_set1_epi32(SNN_POW_MU_SCALE_LOWEST * SNN_POW_MU_BINS));
    const __m128i last = _mm_set1_epi32(SNN_POW_MU_SCALE_EXPONENTS * SNN_POW_MU_BINS - 1);
    const __m128i inside = _mm_cmpeq_epi32(_mm_min_epu32(at, last), at); /* unsigned at <= last */
    *outside = _mm_xor_si128(inside, _mm_set1_epi32(-1));
    uint32_t bin_at[4], scale_at[4]; /* lanes outside look up entry 0 */
    _mm_storeu_si128((void *)bin_at, _mm_and_si128(at, _mm_set1_epi32(SNN_POW_MU_BINS - 1)));
    _mm_storeu_si128((void *)scale_at, _mm_and_si128(inside, at));
    const __m256d centre_offset =
        _mm256_mul_pd(_mm256_cvtepi32_pd(_mm_sub_epi32(_mm_and_si128(bits, _mm_set1_epi32(0xffff)),
                                                       _mm_set1_epi32(0x8000))),
                      _mm256_set1_pd(0x1p-23)); /* m - c_i */
    const __m256d r = _mm256_mul_pd(centre_offset, lookup4(t->centre_inverse, bin_at));
    __m256d series = _mm256_mul_pd(r, _mm256_set1_pd(t->series[2]));
    series = _mm256_mul_pd(r, _mm256_add_pd(_mm256_set1_pd(t->series[1]), series));
    series = _mm256_add_pd(_mm256_set1_pd(1.0),
                           _mm256_mul_pd(r, _mm256_add_pd(_mm256_set1_pd(t->series[0]), series)));
    return _mm256_mul_pd(lookup4(t->scale, scale_at), series);
}

/* Targets k .. k + 3 of a row, of `width` bytes each, widened to 32 bits. */
AVX2 static inline __m128i four_targets(const void *target, unsigned width, uint64_t k) {
    return width == 2
               ? _mm_cvtepu16_epi32(_mm_loadl_epi64((const void *)((const uint16_t *)target + k)))
               : _mm_loadu_si128((const void *)((const uint32_t *)target + k));
}

/* Four 16-byte records (two 8-byte words each) at indices at[0..3]: the first words in
 * *first, the second in *second, lane i from record at[i]. */
AVX2 static inline void load_pairs(const void *records, const uint32_t at[4], __m256i *first,
                                   __m256i *second) {
    const __m128i *r = records;
    /* records 0 and 2 in one register, 1 and 3 in the other: the in-lane unpacks then give
     * the words in lane order */
    const __m256i even = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(r + at[0])),
                                                 _mm_loadu_si128(r + at[2]), 1);
    const __m256i odd = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(r + at[1])),
                                                _mm_loadu_si128(r + at[3]), 1);
    *first = _mm256_unpacklo_epi64(even, odd);
    *second = _mm256_unpackhi_epi64(even, odd);
}

/* Four pairs of stamps (low, high in each 64-bit lane) split: the low ones in *low, the high
 * ones in *high. */
AVX2 static inline void split_stamps(__m256i pairs, __m128i *low, __m128i *high) {
    const __m256i sorted =
        _mm256_permutevar8x32_epi32(pairs, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    *low = _mm256_castsi256_si128(sorted);
    *high = _mm256_extracti128_si256(sorted, 1);
}

/* The source's side of the rule, the same for every synapse of the row. */
typedef struct {
    __m128i to_decay_index; /* t_post + (d - t_last) is the decay's index */
    __m128i done_through;
    __m256d kplus, lambda;
} source_side;

AVX2 static inline source_side source_side_of(const snn_stdp *p, const snn_stdp_pre *pre) {
    return (source_side){.to_decay_index = _mm_set1_epi32(p->delay - pre->t_last),
                         .done_through = _mm_set1_epi32(pre->done_through),
                         .kplus = _mm256_set1_pd(pre->kplus),
                         .lambda = _mm256_set1_pd(p->lambda)};
}

/* One postsynaptic spike at t_post, in `lanes`, facilitates w (snn_stdp_facilitate with Kplus
 * decayed to t_post + d, the scalar code's grouping: w + (lambda w^mu) (Kplus decay)). Lanes
 * it cannot do are added to *scalar. */
AVX2 static inline __attribute__((always_inline)) __m256d
facilitate4(const snn_stdp *p, const source_side *src, __m256d w, __m128i t_post, __m128i lanes,
            __m128i *scalar) {
    const __m128i decay_index = _mm_add_epi32(t_post, src->to_decay_index);
    const __m128i in_table =
        _mm_andnot_si128(_mm_cmplt_epi32(decay_index, _mm_setzero_si128()),
                         _mm_cmplt_epi32(decay_index, _mm_set1_epi32(SNN_DECAY_TABLE)));
    __m128i outside;
    const __m256d w_pow_mu =
        pow_mu4(&p->w_pow_mu, _mm_castps_si128(_mm256_cvtpd_ps(w)), &outside); /* of the float */
    const __m128i apply = _mm_andnot_si128(outside, _mm_and_si128(lanes, in_table));
    *scalar = _mm_or_si128(*scalar, _mm_andnot_si128(apply, lanes));
    uint32_t decay_at[4]; /* lanes not applied look up entry 0 */
    _mm_storeu_si128((void *)decay_at, _mm_and_si128(apply, decay_index));
    const __m256d decay = lookup4(p->decay_plus, decay_at);
    const __m256d facilitated = _mm256_add_pd(
        w, _mm256_mul_pd(_mm256_mul_pd(src->lambda, w_pow_mu), _mm256_mul_pd(src->kplus, decay)));
    return _mm256_blendv_pd(w, facilitated, wide(apply));
}

/* A group of four listed lanes on its way through the facilitations: w after those so far,
 * the lanes that take them, the lanes left to the scalar rule. */
typedef struct {
    __m256d w;
    __m128i lanes, scalar, latest, previous;
    uint32_t j[4];
} trace_group;

/* Every spike of the target's trace after done_through, oldest first, in each group's `lanes`
 * (whose latest spike came after it); a lane whose sixth came after it too goes to `scalar`.
 * Two groups go through at once where there are two: each facilitation waits for the one
 * before (on w), so one group alone leaves the CPU waiting; two are independent chains. */
AVX2 static inline __attribute__((always_inline)) void
facilitate_trace(const snn_stdp_row *row, const source_side *src, trace_group *g, int groups) {
    const snn_stdp *p = row->rule;
    __m128i several[2];
    int any_several = 0;
    for (int i = 0; i < groups; i++) {
        several[i] = _mm_and_si128(g[i].lanes, _mm_cmpgt_epi32(g[i].previous, src->done_through));
        any_several |= any(several[i]);
    }
    if (any_several) {
        __m128i oldest_first[2][3]; /* fifth, fourth, third */
        for (int i = 0; i < groups; i++) {
            __m256i third_fourth, fifth_sixth;
            load_pairs(row->older, g[i].j, &third_fourth, &fifth_sixth);
            __m128i sixth;
            split_stamps(third_fourth, &oldest_first[i][2], &oldest_first[i][1]);
            split_stamps(fifth_sixth, &oldest_first[i][0], &sixth);
            g[i].scalar = _mm_or_si128(
                g[i].scalar, _mm_and_si128(several[i], _mm_cmpgt_epi32(sixth, src->done_through)));
        }
        for (int s = 0; s < 3; s++) {
            __m128i after[2];
            int any_after = 0;
            for (int i = 0; i < groups; i++) {
                after[i] = _mm_and_si128(several[i],
                                         _mm_cmpgt_epi32(oldest_first[i][s], src->done_through));
                any_after |= any(after[i]);
            }
            if (any_after) /* a group with no lane after it is left as it is */
                for (int i = 0; i < groups; i++)
                    g[i].w =
                        facilitate4(p, src, g[i].w, oldest_first[i][s], after[i], &g[i].scalar);
        }
        for (int i = 0; i < groups; i++)
            g[i].w = facilitate4(p, src, g[i].w, g[i].previous, several[i], &g[i].scalar);
    }
    for (int i = 0; i < groups; i++)
        g[i].w = facilitate4(p, src, g[i].w, g[i].latest, g[i].lanes, &g[i].scalar);
}

/* A chunk of a row at a time: its entries with one spike to apply, and those with two or
 * more, are listed apart, so that each facilitation runs on four lanes that need it rather
 * than on every group of four where one does, and a list's lanes all take the same steps
 * (the stores after them follow no random pattern); each listed entry carries what was read
 * for it: chunk offset k, target j, the weight before, Kminus, the latest two stamps (latest
 * in the low half). */
#define CHUNK 512
typedef struct {
    uint32_t k[CHUNK + 4], j[CHUNK + 4]; /* + 4: appends store whole registers */
    float w[CHUNK + 4];
    double kminus[CHUNK + 4];
    int64_t newer[CHUNK + 4];
    uint32_t n;
} entry_list;

/* The lanes a mask of four keeps, in order, first (AVX2 has no compressing store), and the
 * same for 64-bit lanes as pairs of 32-bit ones: 2 p and 2 p + 1 for each kept lane p. */
static const int32_t kept_lanes[16][4] = {
    {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {2, 0, 0, 0}, {0, 2, 0, 0},
    {1, 2, 0, 0}, {0, 1, 2, 0}, {3, 0, 0, 0}, {0, 3, 0, 0}, {1, 3, 0, 0}, {0, 1, 3, 0},
    {2, 3, 0, 0}, {0, 2, 3, 0}, {1, 2, 3, 0}, {0, 1, 2, 3},
};
static const int32_t kept_pairs[16][8] = {
    {0, 1, 0, 1, 0, 1, 0, 1}, {0, 1, 0, 1, 0, 1, 0, 1}, {2, 3, 0, 1, 0, 1, 0, 1},
    {0, 1, 2, 3, 0, 1, 0, 1}, {4, 5, 0, 1, 0, 1, 0, 1}, {0, 1, 4, 5, 0, 1, 0, 1},
    {2, 3, 4, 5, 0, 1, 0, 1}, {0, 1, 2, 3, 4, 5, 0, 1}, {6, 7, 0, 1, 0, 1, 0, 1},
    {0, 1, 6, 7, 0, 1, 0, 1}, {2, 3, 6, 7, 0, 1, 0, 1}, {0, 1, 2, 3, 6, 7, 0, 1},
    {4, 5, 6, 7, 0, 1, 0, 1}, {0, 1, 4, 5, 6, 7, 0, 1}, {2, 3, 4, 5, 6, 7, 0, 1},
    {0, 1, 2, 3, 4, 5, 6, 7},
};

typedef struct {
    __m128i k, j;
    __m128 w;
    __m256d kminus;
    __m256i newer;
} listed_lanes;

/* Appends the lanes in `which` (a four-bit mask) at entry n of the list; returns the new
 * count (the caller keeps it: stores through the lists' arrays may alias list->n, which
 * would make the compiler store and reload it at every append). */
AVX2 static inline uint32_t append(entry_list *list, uint32_t n, int which, const listed_lanes *e) {
    const __m128i pick = _mm_loadu_si128((const void *)kept_lanes[which]);
    const __m256i pick_pairs = _mm256_loadu_si256((const void *)kept_pairs[which]);
    _mm_storeu_si128((void *)(list->k + n),
                     _mm_castps_si128(_mm_permutevar_ps(_mm_castsi128_ps(e->k), pick)));
    _mm_storeu_si128((void *)(list->j + n),
                     _mm_castps_si128(_mm_permutevar_ps(_mm_castsi128_ps(e->j), pick)));
    _mm_storeu_ps(list->w + n, _mm_permutevar_ps(e->w, pick));
    _mm256_storeu_pd(list->kminus + n, _mm256_castsi256_pd(_mm256_permutevar8x32_epi32(
                                           _mm256_castpd_si256(e->kminus), pick_pairs)));
    _mm256_storeu_si256((void *)(list->newer + n),
                        _mm256_permutevar8x32_epi32(e->newer, pick_pairs));
    return n + (uint32_t)__builtin_popcount((unsigned)which);
}

/* Zero entries after the last, so that a list's last group reads valid targets. */
AVX2 static inline void pad(entry_list *list) {
    const uint32_t n = list->n;
    _mm_storeu_si128((void *)(list->k + n), _mm_setzero_si128());
    _mm_storeu_si128((void *)(list->j + n), _mm_setzero_si128());
    _mm_storeu_ps(list->w + n, _mm_setzero_ps());
    _mm256_storeu_pd(list->kminus + n, _mm256_setzero_pd());
    _mm256_storeu_si256((void *)(list->newer + n), _mm256_setzero_si256());
}

/* The four entries of a list from `at`; *lanes: those that exist. */
AVX2 static inline listed_lanes list_at(const entry_list *list, uint32_t at, __m128i *lanes) {
    *lanes = _mm_cmpgt_epi32(_mm_set1_epi32((int32_t)(list->n - at)), _mm_setr_epi32(0, 1, 2, 3));
    return (listed_lanes){.k = _mm_loadu_si128((const void *)(list->k + at)),
                          .j = _mm_loadu_si128((const void *)(list->j + at)),
                          .w = _mm_loadu_ps(list->w + at),
                          .kminus = _mm256_loadu_pd(list->kminus + at),
                          .newer = _mm256_loadu_si256((const void *)(list->newer + at))};
}

/* max(0, w - (lambda alpha w) Kminus): maxpd gives its second operand, 0, for a NaN, as the
 * scalar test does. */
AVX2 static inline __m128 depress4(__m256d w, __m256d kminus, __m256d lambda_alpha) {
    const __m256d depressed =
        _mm256_sub_pd(w, _mm256_mul_pd(_mm256_mul_pd(lambda_alpha, w), kminus));
    return _mm256_cvtpd_ps(_mm256_max_pd(depressed, _mm256_setzero_pd()));
}

/* The listed lanes `lanes` (depressed, for a spike) stored at their offsets in the chunk; the
 * lanes in `scalar` (and only those) take the scalar rule from their weight before. */
AVX2 static inline __attribute__((always_inline)) void
finish_listed(const snn_stdp_row *row, snn_stdp_walk kind, float *chunk_weight,
              const listed_lanes *e, __m256d w, __m256d lambda_alpha, __m128i lanes,
              __m128i scalar) {
    float value[4], before[4];
    uint32_t k[4], j[4];
    _mm_storeu_ps(value, kind == SNN_WALK_SPIKE ? depress4(w, e->kminus, lambda_alpha)
                                                : _mm256_cvtpd_ps(w));
    _mm_storeu_si128((void *)k, e->k);
    const int store = any(lanes), redo = any(scalar);
    for (unsigned i = 0; i < 4; i++)
        if (store & (1 << i)) chunk_weight[k[i]] = value[i];
    if (!redo) return;
    _mm_storeu_ps(before, e->w);
    _mm_storeu_si128((void *)j, e->j);
    for (unsigned i = 0; i < 4; i++)
        if (redo & (1 << i)) chunk_weight[k[i]] = snn_stdp_row_redo(row, kind, j[i], before[i]);
}

/* The list's `groups` groups of four from `at` through their traces. */
AVX2 static inline __attribute__((always_inline)) void
trace_groups(const snn_stdp_row *row, snn_stdp_walk kind, float *chunk_weight,
             const source_side *src, __m256d lambda_alpha, const entry_list *list, uint32_t at,
             int groups) {
    listed_lanes e[2];
    trace_group g[2];
    for (int i = 0; i < groups; i++) {
        e[i] = list_at(list, at + 4 * (uint32_t)i, &g[i].lanes);
        g[i].w = _mm256_cvtps_pd(e[i].w);
        g[i].scalar = _mm_setzero_si128();
        split_stamps(e[i].newer, &g[i].latest, &g[i].previous);
        _mm_storeu_si128((void *)g[i].j, e[i].j);
    }
    facilitate_trace(row, src, g, groups);
    for (int i = 0; i < groups; i++)
        finish_listed(row, kind, chunk_weight, &e[i], g[i].w, lambda_alpha,
                      _mm_andnot_si128(g[i].scalar, g[i].lanes), g[i].scalar);
}

/* Entries [begin, whole) of the row of a spike that has nothing to facilitate: its source's
 * done_through is one no stamp can pass (SNN_STDP_ALL_DONE, a source's first spike, stdp.h). Each
 * weight is depressed, a chunk at a time, and the chunk added to the ring, without the lists.
 * Kminus is each trace record's first word. */
AVX2 static inline __attribute__((always_inline)) void
depress_only(const snn_stdp_row *row, unsigned width, uint64_t begin, uint64_t whole) {
    const __m256d lambda_alpha = _mm256_set1_pd(row->rule->lambda * row->rule->alpha);
    const double *const kminus_words = (const double *)row->post;
    for (uint64_t first = begin; first < whole; first += CHUNK) {
        const uint32_t n = whole - first < CHUNK ? (uint32_t)(whole - first) : CHUNK;
        float *weight = row->weight + first;
        for (uint32_t k = 0; k < n; k += 4) {
            uint32_t word[4];
            for (unsigned i = 0; i < 4; i++)
                word[i] = 2 * snn_target_at(row->target, width, first + k + i);
            const __m256d w = _mm256_cvtps_pd(_mm_loadu_ps(weight + k));
            _mm_storeu_ps(weight + k, depress4(w, lookup4(kminus_words, word), lambda_alpha));
        }
        snn_stdp_add_to_ring(row->ring_ex, row->target, width, first, weight, n);
    }
}

/* Entries [begin, end) of a row, a chunk at a time; the last (end - begin) % 4 by the scalar
 * loop. */
AVX2 static inline __attribute__((always_inline)) void walk_of_width(const snn_stdp_row *row,
                                                                     snn_stdp_walk kind,
                                                                     unsigned width, uint64_t begin,
                                                                     uint64_t end) {
    const snn_stdp *p = row->rule;
    const source_side src = source_side_of(p, row->pre);
    const __m256d lambda_alpha = _mm256_set1_pd(p->lambda * p->alpha);
    const __m128i lane = _mm_setr_epi32(0, 1, 2, 3);
    const __m256i done_through = _mm256_set1_epi32(row->pre->done_through);
    /* in locals: the stores through the lists may alias *row, which would reload them */
    const void *const target = row->target;
    const snn_stdp_post_trace *const post = row->post;
    entry_list one, two;
    const uint64_t whole = begin + ((end - begin) & ~(uint64_t)3);
    if (snn_stdp_walk_only_depresses(row, kind)) {
        depress_only(row, width, begin, whole);
        snn_stdp_walk_scalar(row, kind, whole, end);
        return;
    }
    for (uint64_t first = begin; first < whole; first += CHUNK) {
        const uint32_t n = whole - first < CHUNK ? (uint32_t)(whole - first) : CHUNK;
        float *weight = row->weight + first;
        /* Every entry depressed, for a spike (the stores of listed entries are replaced
         * below); those whose target has spiked once since done_through listed in `one`,
         * twice or more in `two` (a target's entries all land in the same list, in row
         * order). */
        uint32_t n_one = 0, n_two = 0;
        listed_lanes e = {.k = lane};
        for (uint32_t k = 0; k < n; k += 4, e.k = _mm_add_epi32(e.k, _mm_set1_epi32(4))) {
            e.j = four_targets(target, width, first + k);
            uint32_t j[4]; /* read again as scalars: cheaper than taking them out of e.j */
            for (unsigned i = 0; i < 4; i++)
                j[i] = snn_target_at(target, width, first + k + i);
            __m256i kminus_words;
            load_pairs(post, j, &kminus_words, &e.newer);
            e.kminus = _mm256_castsi256_pd(kminus_words);
            e.w = _mm_loadu_ps(weight + k);
            if (kind == SNN_WALK_SPIKE)
                _mm_storeu_ps(weight + k, depress4(_mm256_cvtps_pd(e.w), e.kminus, lambda_alpha));
            /* previous < latest: a lane after previous is after latest too. Both appends
             * always run, even for a group with no lane to list (an append of no lanes
             * stores what the next one overwrites): whether a group has lanes for a list,
             * or any at all (about half the groups of the first 50 ms), is a coin toss
             * that a branch would often guess wrong. Each 64-bit lane of `after` holds the
             * comparisons of (latest, previous): the sign of the whole lane is previous's,
             * that of the lane shifted left by 32 bits latest's. */
            const __m256i after = _mm256_cmpgt_epi32(e.newer, done_through);
            const int after_latest =
                _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_slli_epi64(after, 32)));
            const int after_previous = _mm256_movemask_pd(_mm256_castsi256_pd(after));
            n_one = append(&one, n_one, after_latest & ~after_previous, &e);
            n_two = append(&two, n_two, after_previous, &e);
        }
        one.n = n_one;
        two.n = n_two;
        pad(&one);
        pad(&two);
        /* Entries with just one spike to apply */
        for (uint32_t at = 0; at < one.n; at += 4) {
            __m128i lanes, scalar = _mm_setzero_si128();
            const listed_lanes e = list_at(&one, at, &lanes);
            __m128i latest, previous;
            split_stamps(e.newer, &latest, &previous);
            const __m256d w = facilitate4(p, &src, _mm256_cvtps_pd(e.w), latest, lanes, &scalar);
            finish_listed(row, kind, weight, &e, w, lambda_alpha, _mm_andnot_si128(scalar, lanes),
                          scalar);
        }
        /* Entries with two spikes or more: up to five from the traces, a sixth scalar. */
        uint32_t at = 0;
        for (; at + 4 < two.n; at += 8)
            trace_groups(row, kind, weight, &src, lambda_alpha, &two, at, 2);
        if (at < two.n) trace_groups(row, kind, weight, &src, lambda_alpha, &two, at, 1);
        /* The new weights into the ring, in row order as the scalar loop adds them */
        if (kind == SNN_WALK_SPIKE)
            snn_stdp_add_to_ring(row->ring_ex, target, width, first, weight, n);
    }
    snn_stdp_walk_scalar(row, kind, whole, end);
}

AVX2 void snn_stdp_row_avx2(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        walk_of_width(row, SNN_WALK_SPIKE, 2, begin, end);
    else
        walk_of_width(row, SNN_WALK_SPIKE, 4, begin, end);
}

/* The catch-up: the same facilitation, no depression, no transmission. */
AVX2 void snn_stdp_catch_up_avx2(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        walk_of_width(row, SNN_WALK_CATCH_UP, 2, begin, end);
    else
        walk_of_width(row, SNN_WALK_CATCH_UP, 4, begin, end);
}
#else
void snn_stdp_row_avx2(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_row_scalar(row, begin, end); /* not picked on such CPUs */
}
void snn_stdp_catch_up_avx2(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_catch_up_scalar(row, begin, end);
}
#endif
