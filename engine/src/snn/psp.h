/* snn_psp: from a PSP peak in mV to the alpha-PSC amplitude in pA that produces it
 * (model.md section 1), through Lambert's W (GSL), for any pair of time constants. */
#ifndef SNN_PSP_H
#define SNN_PSP_H

/* Time (ms) at which the PSP of an alpha current peaks, neuron at rest. */
double snn_psp_peak_time(double tau_m, double tau_syn);
/* Peak PSP (mV) of a unit (1 pA) alpha current; 1/this converts mV to pA. */
double snn_psp_peak_per_pA(double tau_m, double tau_syn, double C_m);

#endif
