/* snn_stdp_row_avx512: the rule of stdp.h on eight synapses of a row at a time, for CPUs with
 * AVX-512 (F, VL, DQ). The plan is the AVX2 loop's (stdp_row_avx2.c), on eight lanes, with
 * mask registers and compressing moves where AVX2 needs tables.
 *
 * Why: the scalar loop pays for two branches per synapse that go either way at random (has
 * the target spiked since done_through? more than once?) and for a call and a history walk
 * at a quarter of the synapses. Here eight lanes go through the same steps with masks
 * instead: in time order, every spike among the latest five of the target's trace (fifth to
 * latest) that came after the source's done_through,
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
 * weights are then added to the ring one by one in row order, as the scalar loop adds them:
 * the sums round the same, also where a row holds a target twice.
 *
 * Trace records are read by plain loads put together by shuffles rather than by gathers, and
 * the listed weights are stored by a scatter (finish_listed). Table entries (w^mu's
 * products, the decays) are read either way, in two builds of the walk: on the AMD machine
 * with AVX-512 a gather of eight cost about twice as much as eight loads in an early walk
 * (4.5 against 2.3 ns), while in the present one the two are alike there (the seed's sim
 * 1.01 / 1.00 with gathers); on the Intel one gathers made the seed's simulation 15 %
 * faster. Which CPU gets which: cpu_gathers.h. */
#include "snn/stdp_row.h"

#include <stddef.h>

#include "snn/network.h" /* snn_target_at */

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512dq")))

_Static_assert(sizeof(snn_stdp_post_trace) == 16 && offsetof(snn_stdp_post_trace, kminus) == 0 &&
                   offsetof(snn_stdp_post_trace, latest) == 8 &&
                   offsetof(snn_stdp_post_trace, previous) == 12,
               "a trace is read as two 8-byte words: kminus, (latest, previous)");
_Static_assert(sizeof(snn_stdp_post_older) == 16 && offsetof(snn_stdp_post_older, third) == 0 &&
                   offsetof(snn_stdp_post_older, fourth) == 4 &&
                   offsetof(snn_stdp_post_older, fifth) == 8 &&
                   offsetof(snn_stdp_post_older, sixth) == 12,
               "the older stamps are read as two 8-byte words: (third, fourth), (fifth, sixth)");

/* How table entries are read: by eight loads put together by shuffles, or by one gather
 * instruction, the faster of the two on CPUs whose gathers are fast (cpu_gathers.h; on this
 * project's Intel machine the seed's simulation took 0.85 of the time with gathers). */
typedef enum { BY_LOADS, BY_GATHER } lookup_kind;

/* table[at[i]] for eight indices. */
AVX512 static inline __attribute__((always_inline)) __m512d
lookup8(lookup_kind how, const double *table, __m256i index) {
    if (how == BY_GATHER) return _mm512_i32gather_pd(index, table, 8);
    uint32_t at[8];
    _mm256_storeu_si256((void *)at, index);
    const __m128d a = _mm_loadh_pd(_mm_load_sd(table + at[0]), table + at[1]);
    const __m128d b = _mm_loadh_pd(_mm_load_sd(table + at[2]), table + at[3]);
    const __m128d c = _mm_loadh_pd(_mm_load_sd(table + at[4]), table + at[5]);
    const __m128d d = _mm_loadh_pd(_mm_load_sd(table + at[6]), table + at[7]);
    const __m256d ab = _mm256_insertf128_pd(_mm256_castpd128_pd256(a), b, 1);
    const __m256d cd = _mm256_insertf128_pd(_mm256_castpd128_pd256(c), d, 1);
    return _mm512_insertf64x4(_mm512_castpd256_pd512(ab), cd, 1);
}

/* x^mu of eight floats x in [2^-32, 2^32) (pow_mu.h, snn_pow_mu_eval, term for term);
 * *outside: the lanes outside that range (among them all that eval gives to pow: zero,
 * subnormal, infinite, NaN, negative), left to the caller.
 *
 * With x's bits read as exponent, bin and 16 bits within the bin: the bin's product
 * 2^(mu e) c_i^mu is one entry of t->scale (the one eval computes), at bits >> 16 less the
 * lowest exponent tabulated; and m - c_i, which eval computes exactly from m and c_i, is
 * the offset within the bin less its half, (low 16 bits - 2^15) 2^-23, the same number. */
AVX512 static inline __attribute__((always_inline)) __m512d
pow_mu8(lookup_kind how, const snn_pow_mu *t, __m256i bits, __mmask8 *outside) {
    const __m256i at = _mm256_sub_epi32(
        _mm256_srli_epi32(bits, 16), _mm256_set1_epi32(SNN_POW_MU_SCALE_LOWEST * SNN_POW_MU_BINS));
    const __mmask8 inside = _mm256_cmple_epu32_mask(
        at, _mm256_set1_epi32(SNN_POW_MU_SCALE_EXPONENTS * SNN_POW_MU_BINS - 1));
    *outside = (__mmask8)~inside;
    const __m256i bin_at = _mm256_and_si256(at, _mm256_set1_epi32(SNN_POW_MU_BINS - 1));
    const __m256i scale_at = _mm256_maskz_mov_epi32(inside, at); /* outside: entry 0 */
    const __m512d centre_offset = _mm512_mul_pd(
        _mm512_cvtepi32_pd(_mm256_sub_epi32(_mm256_and_si256(bits, _mm256_set1_epi32(0xffff)),
                                            _mm256_set1_epi32(0x8000))),
        _mm512_set1_pd(0x1p-23)); /* m - c_i */
    const __m512d r = _mm512_mul_pd(centre_offset, lookup8(how, t->centre_inverse, bin_at));
    __m512d series = _mm512_mul_pd(r, _mm512_set1_pd(t->series[2]));
    series = _mm512_mul_pd(r, _mm512_add_pd(_mm512_set1_pd(t->series[1]), series));
    series = _mm512_add_pd(_mm512_set1_pd(1.0),
                           _mm512_mul_pd(r, _mm512_add_pd(_mm512_set1_pd(t->series[0]), series)));
    return _mm512_mul_pd(lookup8(how, t->scale, scale_at), series);
}

/* Targets k .. k + 7 of a row, of `width` bytes each, widened to 32 bits. */
AVX512 static inline __m256i eight_targets(const void *target, unsigned width, uint64_t k) {
    return width == 2 ? _mm256_cvtepu16_epi32(
                            _mm_loadu_si128((const void *)((const uint16_t *)target + k)))
                      : _mm256_loadu_si256((const void *)((const uint32_t *)target + k));
}

/* Eight 16-byte records (two 8-byte words each) at indices at[0..7]: the first words in
 * *first, the second in *second, lane i from record at[i]. */
AVX512 static inline void load_pairs(const void *records, const uint32_t at[8], __m512i *first,
                                     __m512i *second) {
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

/* The low and the high stamp of each lane's pair. */
AVX512 static inline __m256i low_stamps(__m512i pairs) {
    return _mm512_cvtepi64_epi32(pairs);
}
AVX512 static inline __m256i high_stamps(__m512i pairs) {
    return _mm512_cvtepi64_epi32(_mm512_srli_epi64(pairs, 32));
}

/* The source's side of the rule, the same for every synapse of the row. */
typedef struct {
    __m256i to_decay_index; /* t_post + (d - t_last) is the decay's index */
    __m256i done_through;
    __m512d kplus, lambda;
} source_side;

AVX512 static inline source_side source_side_of(const snn_stdp *p, const snn_stdp_pre *pre) {
    return (source_side){.to_decay_index = _mm256_set1_epi32(p->delay - pre->t_last),
                         .done_through = _mm256_set1_epi32(pre->done_through),
                         .kplus = _mm512_set1_pd(pre->kplus),
                         .lambda = _mm512_set1_pd(p->lambda)};
}

/* One postsynaptic spike at t_post, in `lanes`, facilitates w (snn_stdp_facilitate with
 * Kplus decayed to t_post + d, the scalar code's grouping: w + (lambda w^mu) (Kplus decay)).
 * Lanes it cannot do are added to *scalar. */
AVX512 static inline __attribute__((always_inline)) __m512d
facilitate8(lookup_kind how, const snn_stdp *p, const source_side *src, __m512d w, __m256i t_post,
            __mmask8 lanes, __mmask8 *scalar) {
    const __m256i decay_index = _mm256_add_epi32(t_post, src->to_decay_index);
    const __mmask8 in_table =
        _mm256_cmplt_epu32_mask(decay_index, _mm256_set1_epi32(SNN_DECAY_TABLE));
    __mmask8 outside;
    const __m512d w_pow_mu = pow_mu8(how, &p->w_pow_mu, _mm256_castps_si256(_mm512_cvtpd_ps(w)),
                                     &outside); /* of the float */
    const __mmask8 apply = lanes & in_table & (__mmask8)~outside;
    *scalar |= lanes & (__mmask8)~apply;
    /* lanes not applied look up entry 0 */
    const __m512d decay = lookup8(how, p->decay_plus, _mm256_maskz_mov_epi32(apply, decay_index));
    const __m512d facilitated = _mm512_add_pd(
        w, _mm512_mul_pd(_mm512_mul_pd(src->lambda, w_pow_mu), _mm512_mul_pd(src->kplus, decay)));
    return _mm512_mask_blend_pd(apply, w, facilitated);
}

/* A group of eight listed lanes on its way through the facilitations: w after those so far,
 * the lanes that take them, the lanes left to the scalar rule. */
typedef struct {
    __m512d w;
    __mmask8 lanes, scalar;
    __m256i latest, previous;
    uint32_t j[8];
} trace_group;

/* Every spike of the target's trace after done_through, oldest first, in each group's
 * `lanes` (whose previous spike came after it); a lane whose sixth came after it too goes to
 * `scalar`. Two groups go through at once where there are two: each facilitation waits for
 * the one before (on w), so one group alone leaves the CPU waiting; two are independent
 * chains. */
AVX512 static inline __attribute__((always_inline)) void
facilitate_trace(lookup_kind how, const snn_stdp_row *row, const source_side *src, trace_group *g,
                 int groups) {
    const snn_stdp *p = row->rule;
    __m256i oldest_first[2][3]; /* fifth, fourth, third */
    for (int i = 0; i < groups; i++) {
        __m512i third_fourth, fifth_sixth;
        load_pairs(row->older, g[i].j, &third_fourth, &fifth_sixth);
        oldest_first[i][0] = low_stamps(fifth_sixth);
        oldest_first[i][1] = high_stamps(third_fourth);
        oldest_first[i][2] = low_stamps(third_fourth);
        g[i].scalar |=
            g[i].lanes & _mm256_cmpgt_epi32_mask(high_stamps(fifth_sixth), src->done_through);
    }
    for (int s = 0; s < 3; s++) {
        __mmask8 after[2];
        unsigned any_after = 0;
        for (int i = 0; i < groups; i++) {
            after[i] = g[i].lanes & _mm256_cmpgt_epi32_mask(oldest_first[i][s], src->done_through);
            any_after |= after[i];
        }
        if (any_after) /* a group with no lane after it is left as it is */
            for (int i = 0; i < groups; i++)
                g[i].w =
                    facilitate8(how, p, src, g[i].w, oldest_first[i][s], after[i], &g[i].scalar);
    }
    for (int i = 0; i < groups; i++)
        g[i].w = facilitate8(how, p, src, g[i].w, g[i].previous, g[i].lanes, &g[i].scalar);
    for (int i = 0; i < groups; i++)
        g[i].w = facilitate8(how, p, src, g[i].w, g[i].latest, g[i].lanes, &g[i].scalar);
}

/* A chunk of a row at a time: its entries with one spike to apply, and those with two or
 * more, are listed apart, so that each facilitation runs on eight lanes that need it rather
 * than on every group of eight where one does; each listed entry carries what was read for
 * it: chunk offset k, target j, the weight before, Kminus, the latest two stamps (latest in
 * the low half). */
#define CHUNK 1024
typedef struct {
    uint32_t k[CHUNK + 8], j[CHUNK + 8]; /* + 8: appends store whole registers */
    float w[CHUNK + 8];
    double kminus[CHUNK + 8];
    int64_t newer[CHUNK + 8];
} entry_list;

typedef struct {
    __m256i k, j;
    __m256 w;
    __m512d kminus;
    __m512i newer;
} listed_lanes;

/* Appends the lanes in `which` at entry n of the list and returns the new count (the caller
 * keeps it: stores through the lists' arrays may alias a count in memory, which the
 * compiler would then store and reload at every append). The kept lanes' numbers are
 * compressed once, in a register; every field is then permuted by them and stored whole
 * (the lanes past the new end are overwritten by the next append). The offsets k of a group
 * are its first offset plus the lane numbers. */
AVX512 static inline uint32_t append(entry_list *list, uint32_t n, __mmask8 which,
                                     const listed_lanes *e, __m256i first_k) {
    const __m256i pick =
        _mm256_maskz_compress_epi32(which, _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m512i pick_wide = _mm512_cvtepu32_epi64(pick);
    _mm256_storeu_si256((void *)(list->k + n), _mm256_add_epi32(first_k, pick));
    _mm256_storeu_si256((void *)(list->j + n), _mm256_permutexvar_epi32(pick, e->j));
    _mm256_storeu_ps(list->w + n, _mm256_permutexvar_ps(pick, e->w));
    _mm512_storeu_pd(list->kminus + n, _mm512_permutexvar_pd(pick_wide, e->kminus));
    _mm512_storeu_si512(list->newer + n, _mm512_permutexvar_epi64(pick_wide, e->newer));
    return n + (uint32_t)__builtin_popcount(which);
}

/* The eight entries of a list of n from `at`; *lanes: those that exist (the others read as
 * zero: target 0, a valid index). */
AVX512 static inline listed_lanes list_at(const entry_list *list, uint32_t n, uint32_t at,
                                          __mmask8 *lanes) {
    const uint32_t left = n - at;
    *lanes = left >= 8 ? (__mmask8)0xff : (__mmask8)((1u << left) - 1);
    return (listed_lanes){.k = _mm256_maskz_loadu_epi32(*lanes, list->k + at),
                          .j = _mm256_maskz_loadu_epi32(*lanes, list->j + at),
                          .w = _mm256_maskz_loadu_ps(*lanes, list->w + at),
                          .kminus = _mm512_maskz_loadu_pd(*lanes, list->kminus + at),
                          .newer = _mm512_maskz_loadu_epi64(*lanes, list->newer + at)};
}

/* Kminus and the latest two stamps of eight targets, one load per record. Where a row
 * covers most of its VP's targets (the seed's), eight targets often lie within 16 traces;
 * the walk once read those 32 words at once and picked the lanes by permutes. Against that,
 * one load per record gave the seed's sim 0.96 / 0.97 at 1 / 2 threads on the Intel machine
 * (9 pairs), and 0.99 / 0.98 and 0.97 / 0.97 on the AMD one (two sets of 9 pairs; presim
 * 0.98 / 0.98 and 0.98 / 0.97), so both walks now load. */
AVX512 static inline __attribute__((always_inline)) void
read_traces(const snn_stdp_post_trace *post, const uint32_t at[8], __m512d *kminus,
            __m512i *newer) {
    __m512i kminus_words;
    load_pairs(post, at, &kminus_words, newer);
    *kminus = _mm512_castsi512_pd(kminus_words);
}

/* max(0, w - (lambda alpha w) Kminus): vmaxpd gives its second operand, 0, for a NaN, as the
 * scalar test does. */
AVX512 static inline __m256 depress8(__m512d w, __m512d kminus, __m512d lambda_alpha) {
    const __m512d depressed =
        _mm512_sub_pd(w, _mm512_mul_pd(_mm512_mul_pd(lambda_alpha, w), kminus));
    return _mm512_cvtpd_ps(_mm512_max_pd(depressed, _mm512_setzero_pd()));
}

/* The listed lanes `lanes` (depressed, for a spike) stored at their offsets in the chunk, by
 * one scatter (a group's offsets differ); the lanes in `scalar` (and only those) take the
 * scalar rule from their weight before. The scatter was the faster on both machines: the
 * seed's sim 0.96 / 0.97 against one store per lane on the Intel one (9 pairs), one store
 * per lane 1.07x slower on the AMD one (in an earlier loop). */
AVX512 static inline __attribute__((always_inline)) void
finish_listed(const snn_stdp_row *row, snn_stdp_walk kind, float *chunk_weight,
              const listed_lanes *e, __m512d w, __m512d lambda_alpha, __mmask8 lanes,
              __mmask8 scalar) {
    const __m256 value =
        kind == SNN_WALK_SPIKE ? depress8(w, e->kminus, lambda_alpha) : _mm512_cvtpd_ps(w);
    _mm256_mask_i32scatter_ps(chunk_weight, lanes, e->k, value, 4);
    if (!scalar) return;
    float before[8];
    uint32_t k[8], j[8];
    _mm256_storeu_si256((void *)k, e->k);
    _mm256_storeu_ps(before, e->w);
    _mm256_storeu_si256((void *)j, e->j);
    for (unsigned i = 0; i < 8; i++)
        if (scalar & (1u << i)) chunk_weight[k[i]] = snn_stdp_row_redo(row, kind, j[i], before[i]);
}

/* The list's `groups` groups of eight from `at` through their traces. */
AVX512 static inline __attribute__((always_inline)) void
trace_groups(lookup_kind how, const snn_stdp_row *row, snn_stdp_walk kind, float *chunk_weight,
             const source_side *src, __m512d lambda_alpha, const entry_list *list, uint32_t n,
             uint32_t at, int groups) {
    listed_lanes e[2];
    trace_group g[2];
    for (int i = 0; i < groups; i++) {
        e[i] = list_at(list, n, at + 8 * (uint32_t)i, &g[i].lanes);
        g[i].w = _mm512_cvtps_pd(e[i].w);
        g[i].scalar = 0;
        g[i].latest = low_stamps(e[i].newer);
        g[i].previous = high_stamps(e[i].newer);
        _mm256_storeu_si256((void *)g[i].j, e[i].j);
    }
    facilitate_trace(how, row, src, g, groups);
    for (int i = 0; i < groups; i++)
        finish_listed(row, kind, chunk_weight, &e[i], g[i].w, lambda_alpha,
                      g[i].lanes & (__mmask8)~g[i].scalar, g[i].scalar);
}

/* Entries [begin, whole) of the row of a spike that has nothing to facilitate: its source's
 * done_through is one no stamp can pass (SNN_STDP_ALL_DONE, a source's first spike, stdp.h). Each
 * weight is depressed, a chunk at a time, and the chunk added to the ring, without the lists
 * (on the seed's benchmark, against the lists' walk of these rows: sim 0.91-0.95 / 0.89-0.90,
 * presim 0.85-0.87 / 0.83-0.85 at 1 / 2 threads). Kminus is each trace record's first word. */
AVX512 static inline __attribute__((always_inline)) void
depress_only(lookup_kind how, const snn_stdp_row *row, unsigned width, uint64_t begin,
             uint64_t whole) {
    const __m512d lambda_alpha = _mm512_set1_pd(row->rule->lambda * row->rule->alpha);
    const double *const kminus_words = (const double *)row->post;
    for (uint64_t first = begin; first < whole; first += CHUNK) {
        const uint32_t n = whole - first < CHUNK ? (uint32_t)(whole - first) : CHUNK;
        float *weight = row->weight + first;
        for (uint32_t k = 0; k < n; k += 8) {
            const __m256i word = _mm256_slli_epi32(eight_targets(row->target, width, first + k), 1);
            const __m512d w = _mm512_cvtps_pd(_mm256_loadu_ps(weight + k));
            _mm256_storeu_ps(weight + k,
                             depress8(w, lookup8(how, kminus_words, word), lambda_alpha));
        }
        snn_stdp_add_to_ring(row->ring_ex, row->target, width, first, weight, n);
    }
}

/* Entries [begin, end) of a row, a chunk at a time; the last (end - begin) % 8 by the scalar
 * loop. */
AVX512 static inline __attribute__((always_inline)) void
walk_of_width(lookup_kind how, const snn_stdp_row *row, snn_stdp_walk kind, unsigned width,
              uint64_t begin, uint64_t end) {
    const snn_stdp *p = row->rule;
    const source_side src = source_side_of(p, row->pre);
    const __m512d lambda_alpha = _mm512_set1_pd(p->lambda * p->alpha);
    /* a 64-bit word (previous, latest), read as a signed number, exceeds this where previous
     * came after done_through; shifted left by 32 bits, where latest did */
    const __m512i after_done = _mm512_set1_epi64(
        (int64_t)(((uint64_t)(uint32_t)row->pre->done_through << 32) | UINT32_MAX));
    /* in locals: the stores through the lists may alias *row, which would reload them */
    const void *const target = row->target;
    const snn_stdp_post_trace *const post = row->post;
    entry_list one, two;
    const uint64_t whole = begin + ((end - begin) & ~(uint64_t)7);
    if (snn_stdp_walk_only_depresses(row, kind)) {
        depress_only(how, row, width, begin, whole);
        snn_stdp_walk_scalar(row, kind, whole, end);
        return;
    }
    for (uint64_t first = begin; first < whole; first += CHUNK) {
        const uint32_t n = whole - first < CHUNK ? (uint32_t)(whole - first) : CHUNK;
        float *weight = row->weight + first;
        /* Every entry depressed, for a spike (the stores of listed entries are replaced
         * below); those whose target has spiked once since done_through listed in `one`,
         * twice or more in `two` (a target's entries all land in the same list, in row
         * order). Both appends always run: whether a group has lanes for a list is often a
         * coin toss that a branch would guess wrong. */
        uint32_t n_one = 0, n_two = 0;
        listed_lanes e; /* e.k unused: append forms the offsets from first_k */
        for (uint32_t k = 0; k < n; k += 8) {
            e.j = eight_targets(target, width, first + k);
            uint32_t j[8]; /* read again as scalars: cheaper than taking them out of e.j */
            for (unsigned i = 0; i < 8; i++)
                j[i] = snn_target_at(target, width, first + k + i);
            read_traces(post, j, &e.kminus, &e.newer);
            e.w = _mm256_loadu_ps(weight + k);
            if (kind == SNN_WALK_SPIKE)
                _mm256_storeu_ps(weight + k,
                                 depress8(_mm512_cvtps_pd(e.w), e.kminus, lambda_alpha));
            const __mmask8 after_previous = _mm512_cmpgt_epi64_mask(e.newer, after_done);
            const __mmask8 after_latest =
                _mm512_cmpgt_epi64_mask(_mm512_slli_epi64(e.newer, 32), after_done);
            const __m256i first_k = _mm256_set1_epi32((int32_t)k);
            n_one = append(&one, n_one, after_latest & (__mmask8)~after_previous, &e, first_k);
            n_two = append(&two, n_two, after_previous, &e, first_k);
        }
        /* Entries with just one spike to apply */
        for (uint32_t at = 0; at < n_one; at += 8) {
            __mmask8 lanes, scalar = 0;
            const listed_lanes e = list_at(&one, n_one, at, &lanes);
            const __m512d w = facilitate8(how, p, &src, _mm512_cvtps_pd(e.w), low_stamps(e.newer),
                                          lanes, &scalar);
            finish_listed(row, kind, weight, &e, w, lambda_alpha, lanes & (__mmask8)~scalar,
                          scalar);
        }
        /* Entries with two spikes or more: up to five from the traces, a sixth scalar. */
        uint32_t at = 0;
        for (; at + 8 < n_two; at += 16)
            trace_groups(how, row, kind, weight, &src, lambda_alpha, &two, n_two, at, 2);
        if (at < n_two)
            trace_groups(how, row, kind, weight, &src, lambda_alpha, &two, n_two, at, 1);
        /* The new weights into the ring, in row order as the scalar loop adds them */
        if (kind == SNN_WALK_SPIKE)
            snn_stdp_add_to_ring(row->ring_ex, target, width, first, weight, n);
    }
    snn_stdp_walk_scalar(row, kind, whole, end);
}

/* A walk of either width with either kind of lookup (one function each, so that the walk is
 * compiled with its width and lookups fixed). */
AVX512 static inline __attribute__((always_inline)) void
walk(lookup_kind how, const snn_stdp_row *row, snn_stdp_walk kind, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        walk_of_width(how, row, kind, 2, begin, end);
    else
        walk_of_width(how, row, kind, 4, begin, end);
}

AVX512 void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    walk(BY_LOADS, row, SNN_WALK_SPIKE, begin, end);
}
AVX512 void snn_stdp_row_avx512_gather(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    walk(BY_GATHER, row, SNN_WALK_SPIKE, begin, end);
}

/* The catch-up: the same facilitation, no depression, no transmission. */
AVX512 void snn_stdp_catch_up_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    walk(BY_LOADS, row, SNN_WALK_CATCH_UP, begin, end);
}
AVX512 void snn_stdp_catch_up_avx512_gather(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    walk(BY_GATHER, row, SNN_WALK_CATCH_UP, begin, end);
}
#else
void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_row_scalar(row, begin, end); /* not picked on such CPUs */
}
void snn_stdp_catch_up_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_catch_up_scalar(row, begin, end);
}
void snn_stdp_row_avx512_gather(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_row_scalar(row, begin, end);
}
void snn_stdp_catch_up_avx512_gather(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    snn_stdp_catch_up_scalar(row, begin, end);
}
#endif
