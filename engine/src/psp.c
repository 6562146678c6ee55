/* PSP peak of an alpha-shaped current: the formula of model.md section 1. */
#include "snn/psp.h"

#include <gsl/gsl_sf_lambert.h>
#include <math.h>

double snn_psp_peak_time(double tau_m, double tau_syn) {
    const double a = tau_m / tau_syn;
    const double b = 1.0 / tau_syn - 1.0 / tau_m;
    return (1.0 / b) * (-gsl_sf_lambert_Wm1(-exp(-1.0 / a) / a) - 1.0 / a);
}

double snn_psp_peak_per_pA(double tau_m, double tau_syn, double C_m) {
    const double b = 1.0 / tau_syn - 1.0 / tau_m;
    const double t_rise = snn_psp_peak_time(tau_m, tau_syn);
    return M_E / (tau_syn * C_m * b) *
           ((exp(-t_rise / tau_m) - exp(-t_rise / tau_syn)) / b - t_rise * exp(-t_rise / tau_syn));
}
