/* Counter-based draws on Philox4x32-10: key = seed, counter = (index, gid, stream). */
#include "snn/rng.h"

#include <math.h>

uint32_t snn_rng_poisson_inverse(double u, double mu, double exp_minus_mu) {
    /* Walk the CDF from 0 until it passes u; about mu + 1 iterations. */
    double p = exp_minus_mu, cdf = p;
    uint32_t k = 0;
    while (u > cdf && p > 0.0) {
        k += 1;
        p *= mu / k;
        cdf += p;
    }
    return k;
}

void snn_poisson_table_init(snn_poisson_table *t, double mu) {
    double p = exp(-mu), cdf = p;
    t->mu = mu;
    t->cdf[0] = cdf;
    t->n = 1;
    while (t->n < SNN_POISSON_TABLE && p > 0.0) {
        p *= mu / t->n;
        cdf += p;
        t->cdf[t->n++] = cdf;
    }
    t->p_last = p;
    t->head_n = t->n < SNN_POISSON_HEAD ? t->n : SNN_POISSON_HEAD;
    for (uint32_t k = 0; k < SNN_POISSON_HEAD; k++)
        t->head[k] = k < t->head_n ? t->cdf[k] : 2.0;
}

uint32_t snn_rng_poisson(uint64_t seed, uint64_t gid, uint64_t step, double mu,
                         double exp_minus_mu) {
    const snn_rng_block b = snn_rng_block_at(seed, SNN_STREAM_POISSON, gid, step);
    return snn_rng_poisson_inverse(snn_rng_open01(b.w[0], b.w[1]), mu, exp_minus_mu);
}

double snn_rng_normal(uint64_t seed, snn_stream stream, uint64_t gid, double mean, double sd) {
    const snn_rng_block b = snn_rng_block_at(seed, stream, gid, 0);
    const double u1 = snn_rng_open01(b.w[0], b.w[1]);
    const double u2 = snn_rng_open01(b.w[2], b.w[3]);
    return mean + sd * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
