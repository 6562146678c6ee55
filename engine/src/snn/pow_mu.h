/* snn_pow_mu: x^mu for a fixed exponent mu and a float x, inlined, for the facilitation
 * w + lambda w^mu Kplus, evaluated at most presynaptic events (powf there was about half of
 * an event's cost).
 *
 * With x = 2^e m, m in [1, 2), and m in bin i of width 2^-K around its centre c_i:
 *   x^mu = 2^(mu e) * c_i^mu * (1 + r)^mu,   r = (m - c_i) / c_i,   |r| <= 2^-(K+1)
 * 2^(mu e) and c_i^mu are tabulated (pow in double), 1/c_i too, and (1 + r)^mu is its binomial
 * series to r^3. The series' terms fall in magnitude (|C(mu,k+1) / C(mu,k)| = |k - mu| / (k+1)
 * < 1), so the remainder is at most |C(mu,4)| |r|^4 / (1 - |r|) < 1e-11 relative for any mu
 * in [0, 1] (stdp.mu's range) with K = 7; the double products add a few 1e-16. So the result
 * is x^mu to within 2e-11 relative (test_pow_mu checks floats from 2^-30 to 2^30, and every
 * float from 16 to 128, against pow), four orders below the float resolution of the weight
 * it is added to. Zero, subnormal, infinite and NaN inputs take pow itself. */
#ifndef SNN_POW_MU_H
#define SNN_POW_MU_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define SNN_POW_MU_BITS 7 /* K: mantissa bins of 2^-K */
#define SNN_POW_MU_BINS (1 << SNN_POW_MU_BITS)

/* The exponents whose products 2^(mu e) c_i^mu are tabulated as well (scale below), for
 * x in [2^-32, 2^32): the vector loops look up one product where eval multiplies two. */
#define SNN_POW_MU_SCALE_LOWEST    (127 - 32) /* biased */
#define SNN_POW_MU_SCALE_EXPONENTS 64

typedef struct {
    double mu;
    double series[3];        /* binomial coefficients mu, mu (mu-1) / 2, mu (mu-1) (mu-2) / 6 */
    double by_exponent[256]; /* 2^(mu (e - 127)) for a float's biased e */
    double centre_pow[SNN_POW_MU_BINS];     /* c_i^mu */
    double centre_inverse[SNN_POW_MU_BINS]; /* 1 / c_i */
    /* by_exponent[e] * centre_pow[i] for e = SNN_POW_MU_SCALE_LOWEST + E, at E * BINS + i:
     * the very double that eval's product of the two rounds to, so a loop that reads it
     * instead gets eval's bits */
    double scale[SNN_POW_MU_SCALE_EXPONENTS * SNN_POW_MU_BINS];
} snn_pow_mu;

void snn_pow_mu_init(snn_pow_mu *t, double mu);

static inline double snn_pow_mu_eval(const snn_pow_mu *t, float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    const uint32_t biased_exponent = (bits >> 23) & 0xff, fraction = bits & 0x7fffff;
    if (biased_exponent == 0 || biased_exponent == 0xff || (bits >> 31))
        return pow((double)x, t->mu); /* zero, subnormal, inf, NaN, negative */
    const uint32_t bin = fraction >> (23 - SNN_POW_MU_BITS);
    const double m = 1.0 + (double)fraction * 0x1p-23;
    const double centre = 1.0 + ((double)bin + 0.5) * (1.0 / SNN_POW_MU_BINS);
    const double r = (m - centre) * t->centre_inverse[bin]; /* m - centre is exact */
    const double series = 1.0 + r * (t->series[0] + r * (t->series[1] + r * t->series[2]));
    return t->by_exponent[biased_exponent] * t->centre_pow[bin] * series;
}

#endif
