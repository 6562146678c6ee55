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

snn_rng_block snn_rng_block_at(uint64_t seed, snn_stream stream, uint64_t gid, uint64_t index);

/* Uniform double in (0, 1) with 53 random bits, from two words. */
double snn_rng_open01(uint32_t hi, uint32_t lo);

/* Poisson count of mean mu by inversion of a uniform u in (0,1); exp_minus_mu = exp(-mu)
 * is passed in so that callers compute it once. */
uint32_t snn_rng_poisson_inverse(double u, double mu, double exp_minus_mu);

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

void snn_rng_cursor_init(snn_rng_cursor *c, uint64_t seed, snn_stream stream, uint64_t gid);
uint32_t snn_rng_cursor_below(snn_rng_cursor *c, uint32_t n);

#endif
