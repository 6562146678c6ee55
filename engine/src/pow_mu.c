/* snn_pow_mu: the tables of x^mu; see the header for the scheme and its error bound. */
#include "snn/pow_mu.h"

void snn_pow_mu_init(snn_pow_mu *t, double mu) {
    t->mu = mu;
    t->series[0] = mu;
    t->series[1] = mu * (mu - 1.0) / 2.0;
    t->series[2] = mu * (mu - 1.0) * (mu - 2.0) / 6.0;
    for (int e = 0; e < 256; e++)
        t->by_exponent[e] = pow(2.0, mu * (double)(e - 127));
    for (int i = 0; i < SNN_POW_MU_BINS; i++) {
        const double centre = 1.0 + ((double)i + 0.5) / SNN_POW_MU_BINS;
        t->centre_pow[i] = pow(centre, mu);
        t->centre_inverse[i] = 1.0 / centre;
    }
    for (int e = 0; e < SNN_POW_MU_SCALE_EXPONENTS; e++)
        for (int i = 0; i < SNN_POW_MU_BINS; i++)
            t->scale[e * SNN_POW_MU_BINS + i] =
                t->by_exponent[SNN_POW_MU_SCALE_LOWEST + e] * t->centre_pow[i];
}
