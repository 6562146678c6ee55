/* snn_pow_mu against pow in double: every 97th float from 2^-30 to 2^30 (and every float of
 * the weights' usual range, 16 to 128 pA) within the header's bound of 2e-11 relative, for the
 * model's mu and the ends and middle of stdp.mu's range; zero, subnormal, infinite and NaN
 * inputs as pow gives them. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "snn/pow_mu.h"
#include "testing.h"

static float float_from_bits(uint32_t bits) {
    float x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* largest relative error over floats from lo to hi, every stride-th */
static double worst_error(const snn_pow_mu *t, float lo, float hi, uint32_t stride, float *at) {
    double worst = 0.0;
    for (uint32_t b = test_float_bits(lo); b <= test_float_bits(hi); b += stride) {
        const float x = float_from_bits(b);
        const double want = pow((double)x, t->mu), got = snn_pow_mu_eval(t, x);
        const double error = fabs(got - want) / want;
        if (!(error <= worst)) worst = error, *at = x;
    }
    return worst;
}

int main(void) {
    const double mus[] = {0.4, 0.0, 1.0, 0.5, 0.999, 0.001};
    for (size_t m = 0; m < sizeof mus / sizeof *mus; m++) {
        snn_pow_mu t;
        snn_pow_mu_init(&t, mus[m]);
        float at = 0.0f;
        double worst = worst_error(&t, 0x1p-30f, 0x1p30f, 97, &at);
        CHECK(worst <= 2e-11, "mu %g: relative error %.3g at x = %.9g over 2^-30..2^30", mus[m],
              worst, (double)at);
        if (m == 0) {
            worst = worst_error(&t, 16.0f, 128.0f, 1, &at);
            CHECK(worst <= 2e-11, "mu 0.4: relative error %.3g at x = %.9g over 16..128 pA", worst,
                  (double)at);
        }
        CHECK(snn_pow_mu_eval(&t, 0.0f) == pow(0.0, mus[m]), "mu %g: 0^mu", mus[m]);
        CHECK(snn_pow_mu_eval(&t, FLT_TRUE_MIN) == pow((double)FLT_TRUE_MIN, mus[m]),
              "mu %g: subnormal", mus[m]);
        CHECK_REL(snn_pow_mu_eval(&t, FLT_MAX), pow((double)FLT_MAX, mus[m]), 2e-11, "FLT_MAX^mu");
        CHECK(snn_pow_mu_eval(&t, INFINITY) == pow(INFINITY, mus[m]), "mu %g: infinity", mus[m]);
        const double nan_pow = snn_pow_mu_eval(&t, NAN), want = pow(NAN, mus[m]); /* 1 for mu 0 */
        CHECK(isnan(want) ? isnan(nan_pow) : nan_pow == want, "mu %g: NaN^mu %g", mus[m], nan_pow);
    }
    return test_summary();
}
