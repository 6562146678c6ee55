/* The mV -> pA conversion for every pair of time constants, against an independent
 * computation: the PSP as a numerical convolution integral of the alpha current with the
 * membrane kernel (GSL quadrature), maximised numerically (grid, then Brent's method). The
 * grid holds tau_syn far below, near, equal to and above tau_m. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_min.h>
#include <math.h>

#include "snn/psp.h"
#include "testing.h"

typedef struct {
    double tau_m, tau_syn, C_m, t;
} psp_at;

/* integrand of V(t) = 1/C_m int_0^t I(s) exp(-(t - s)/tau_m) ds, I(s) = e/tau_syn s e^{-s/tau_syn}
 */
static double integrand(double s, void *params) {
    const psp_at *p = params;
    return M_E / p->tau_syn * s * exp(-s / p->tau_syn) * exp(-(p->t - s) / p->tau_m) / p->C_m;
}

static gsl_integration_workspace *workspace;

static double psp(double t, void *params) {
    psp_at *p = params;
    p->t = t;
    gsl_function f = {integrand, p};
    double v = 0, abserr;
    gsl_integration_qags(&f, 0, t, 0, 1e-13, 1000, workspace, &v, &abserr);
    return v;
}

static double negative_psp(double t, void *params) {
    return -psp(t, params);
}

/* Peak value and time of the PSP, numerically. */
static double numeric_peak(double tau_m, double tau_syn, double C_m, double *t_peak) {
    psp_at p = {tau_m, tau_syn, C_m, 0};
    const double horizon = 40.0 * fmax(tau_m, tau_syn);
    const int n = 1000;
    int best = 1;
    double best_v = -1;
    for (int i = 1; i < n; i++) {
        const double v = psp(horizon * i / n, &p);
        if (v > best_v) best_v = v, best = i;
    }
    gsl_function f = {negative_psp, &p};
    gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    double lo = horizon * (best - 1) / n, hi = horizon * (best + 1) / n, t = horizon * best / n;
    gsl_min_fminimizer_set(m, &f, t, lo, hi);
    for (int it = 0; it < 200; it++) {
        gsl_min_fminimizer_iterate(m);
        t = gsl_min_fminimizer_x_minimum(m);
        lo = gsl_min_fminimizer_x_lower(m), hi = gsl_min_fminimizer_x_upper(m);
        if (gsl_min_test_interval(lo, hi, 0, 1e-10) == GSL_SUCCESS) break;
    }
    gsl_min_fminimizer_free(m);
    *t_peak = t;
    return psp(t, &p);
}

int main(void) {
    gsl_set_error_handler_off();
    workspace = gsl_integration_workspace_alloc(1000);
    const double tau_m[] = {0.3, 1.0, 5.0, 9.99, 10.0, 10.01, 12.0, 15.0, 100.0, 1000.0};
    const double tau_syn[] = {0.05, 0.32582722403722841, 2.0, 9.999, 10.0, 10.0001, 12.0, 15.0,
                              100.0};
    const double C_m = 250.0;
    for (size_t i = 0; i < sizeof tau_m / sizeof *tau_m; i++)
        for (size_t j = 0; j < sizeof tau_syn / sizeof *tau_syn; j++) {
            double t_num;
            const double v_num = numeric_peak(tau_m[i], tau_syn[j], C_m, &t_num);
            const double v = snn_psp_peak_per_pA(tau_m[i], tau_syn[j], C_m);
            const double t = snn_psp_peak_time(tau_m[i], tau_syn[j]);
            char what[128];
            snprintf(what, sizeof what, "peak PSP, tau_m %g, tau_syn %.17g", tau_m[i], tau_syn[j]);
            CHECK(isfinite(v) && v > 0, "%s: %g is not a positive number", what, v);
            CHECK_REL(v, v_num, 1e-9, what);
            /* the maximum is flat: its time is known to about sqrt of the value's accuracy */
            snprintf(what, sizeof what, "peak time, tau_m %g, tau_syn %.17g", tau_m[i], tau_syn[j]);
            CHECK_REL(t, t_num, 1e-4, what);
        }
    /* the benchmark's factor (model.md): 325.782859 pA/mV */
    CHECK_NEAR(1.0 / snn_psp_peak_per_pA(10.0, 0.32582722403722841, 250.0), 325.782859, 1e-6,
               "model.md's factor");
    gsl_integration_workspace_free(workspace);
    return test_summary();
}
