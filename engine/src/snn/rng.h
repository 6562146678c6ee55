/* snn_rng: every random number of the engine as a pure function of
 * (seed, stream, neuron gid, index), from Random123's Philox4x32-10.
 *
 * No generator state is carried between calls, so a draw does not depend on which thread
 * makes it or in which order neurons are visited: the network and its input are the same
 * for any number of threads. One Philox block yields four 32-bit words; functions that need
 * several words take them from consecutive blocks of the same (stream, gid).
 */
#ifndef SNN_RNG_H
#define SNN_RNG_H

#include <Random123/philox.h>
#include <stdint.h>

typedef enum {
    SNN_STREAM_POISSON = 1,   /* index = emission step */
    SNN_STREAM_SOURCES_E = 2, /* index = draw number for the target's E sources */
    SNN_STREAM_SOURCES_I = 3, /* index = draw number for the target's I sources */
    SNN_STREAM_INITIAL_VM = 4,
    SNN_STREAM_WEIGHT_SAMPLE = 5,
} snn_stream;

typedef struct {
    uint32_t w[4];
} snn_rng_block;

/* key = seed, counter = (index, gid, stream) */
static inline snn_rng_block snn_rng_block_at(uint64_t seed, snn_stream stream, uint64_t gid,
                                             uint64_t index) {
    philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t ctr = {{(uint32_t)index, (uint32_t)(index >> 32), (uint32_t)gid,
                             ((uint32_t)(gid >> 32) << 8) | (uint32_t)stream}};
    philox4x32_ctr_t out = philox4x32(ctr, key);
    return (snn_rng_block){{out.v[0], out.v[1], out.v[2], out.v[3]}};
}

/* Many blocks at once, word k of each into plane k: the same words as snn_rng_block_at, from
 * a loop without dependence between blocks that the compiler turns into SIMD code (rng_bulk.c),
 * for the two callers that need thousands of blocks: a target's sources (index = block
 * number, one gid) and the Poisson drive of a step (one index, consecutive gids). */
typedef struct {
    uint32_t *restrict w[4]; /* each room for n blocks */
} snn_rng_planes;

/* Four planes of `plane` words each, one after the other in `words`. */
static inline snn_rng_planes snn_rng_planes_in(uint32_t *words, size_t plane) {
    return (snn_rng_planes){{words, words + plane, words + 2 * plane, words + 3 * plane}};
}

/* Blocks first .. first + n - 1 of (stream, gid): plane k, entry i = word k of block first + i */
void snn_rng_blocks_by_index(uint64_t seed, snn_stream stream, uint64_t gid, uint64_t first,
                             uint32_t n, snn_rng_planes out);
/* Bounded integers from blocks' words (0 .. n_blocks - 1 of `blocks`) in draw order (word u
 * is word u % 4 of block u / 4), by Lemire's method as snn_rng_cursor_below: each word gives
 * offset + floor(word n / 2^32), unless rejected (the product's low word below 2^32 mod n) or
 * equal to `skip`. Whole groups of four blocks at a time, sixteen words at once where the CPU
 * has AVX-512, eight where it has AVX2, while 16 more fit in `room` (nothing where it has
 * neither): returns the words used (a multiple of 16) and in *stored the values stored in out. The
 * caller goes on from there one word at a time, with the same rules. */
uint32_t snn_rng_below_from_blocks(snn_rng_planes blocks, uint32_t n_blocks, uint32_t n,
                                   uint32_t offset, uint32_t skip, uint32_t *out, uint32_t room,
                                   uint32_t *stored);
/* Block `index` of gids gid0, gid0 + stride, ..., n of them: entry i = gid0 + i stride's */
void snn_rng_blocks_by_gid(uint64_t seed, snn_stream stream, uint64_t gid0, uint32_t stride,
                           uint32_t n, uint64_t index, snn_rng_planes out);

/* Uniform double in (0, 1) with 53 random bits, from two words (inline: the Poisson drive
 * calls it for every neuron in every step). */
static inline double snn_rng_open01(uint32_t hi, uint32_t lo) {
    const uint64_t bits = ((uint64_t)hi << 32 | lo) >> 11; /* 53 bits */
    return ((double)bits + 0.5) * 0x1p-53;
}

/* Poisson count of mean mu by inversion of a uniform u in (0,1); exp_minus_mu = exp(-mu)
 * is passed in so that callers compute it once. */
uint32_t snn_rng_poisson_inverse(double u, double mu, double exp_minus_mu);

/* The same inversion with the CDF tabulated once: no division per draw. The table holds the
 * very numbers the recurrence of snn_rng_poisson_inverse produces, so both give the same
 * count for every u. */
#define SNN_POISSON_TABLE 128
#define SNN_POISSON_HEAD  8 /* counts below this are found without a branch */
typedef struct {
    double mu, p_last; /* p_last: the pmf at the last tabulated count */
    double cdf[SNN_POISSON_TABLE];
    uint32_t n;
    /* cdf's first min(n, SNN_POISSON_HEAD) entries, the rest 2 (above any uniform): the
     * count is the number of entries below u, if fewer than head_n */
    double head[SNN_POISSON_HEAD];
    uint32_t head_n;
} snn_poisson_table;

void snn_poisson_table_init(snn_poisson_table *t, double mu);
static inline uint32_t snn_poisson_table_draw(const snn_poisson_table *t, double u) {
    uint32_t k = 0;
    while (k < t->n && u > t->cdf[k])
        k++;
    if (k < t->n) return k;
    /* beyond the table (huge mu): continue the recurrence */
    double p = t->p_last, cdf = t->cdf[t->n - 1];
    k = t->n - 1;
    while (u > cdf && p > 0.0) {
        k += 1;
        p *= t->mu / k;
        cdf += p;
    }
    return k;
}

/* counts[i] = snn_poisson_table_draw(t, snn_rng_open01(hi[i], lo[i])) for i < n, without a
 * branch per count (rng_bulk.c): the head of the table is compared with every u at once,
 * and only a u beyond it (p < 1e-9 at the benchmark's mean) takes the table walk. */
void snn_poisson_table_draw_many(const snn_poisson_table *t, const uint32_t *hi, const uint32_t *lo,
                                 uint32_t n, uint32_t *counts);

/* sums[i] += counts[i] * weight for the counts snn_poisson_table_draw_many gives, without a
 * branch: a count of 0 adds a zero. That is exactly `if (counts[i]) ...` for a finite weight
 * and sums that are not -0.0, as a ring of input never is: it starts at +0.0, and a sum of
 * two doubles is -0.0 only where both are. */
void snn_poisson_table_add_many(const snn_poisson_table *t, const uint32_t *hi, const uint32_t *lo,
                                uint32_t n, double weight, double *sums);

/* The Poisson count for (seed, gid, step). */
uint32_t snn_rng_poisson(uint64_t seed, uint64_t gid, uint64_t step, double mu,
                         double exp_minus_mu);

/* Normal(mean, sd) for (seed, stream, gid), Box-Muller on one block. */
double snn_rng_normal(uint64_t seed, snn_stream stream, uint64_t gid, double mean, double sd);

/* Uniform integers in [0, n) for a sequence of draws: a cursor over the blocks of one
 * (stream, gid), consuming one word per attempt and rejecting the few values that would
 * bias the result (Lemire's multiply-shift method). */
typedef struct {
    uint64_t seed, gid, block_index;
    snn_stream stream;
    snn_rng_block block;
    unsigned word; /* next unused word of block; 4 = block exhausted */
} snn_rng_cursor;

static inline void snn_rng_cursor_init(snn_rng_cursor *c, uint64_t seed, snn_stream stream,
                                       uint64_t gid) {
    *c = (snn_rng_cursor){.seed = seed, .gid = gid, .block_index = 0, .stream = stream, .word = 4};
}

static inline uint32_t snn_rng_cursor_word(snn_rng_cursor *c) {
    if (c->word == 4) {
        c->block = snn_rng_block_at(c->seed, c->stream, c->gid, c->block_index++);
        c->word = 0;
    }
    return c->block.w[c->word++];
}

static inline uint32_t snn_rng_cursor_below(snn_rng_cursor *c, uint32_t n) {
    uint64_t m = (uint64_t)snn_rng_cursor_word(c) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        const uint32_t threshold = (uint32_t)(-n) % n;
        while (low < threshold) {
            m = (uint64_t)snn_rng_cursor_word(c) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

#endif
