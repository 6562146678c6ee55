/* snn_activity: what the recorded spikes say about the network's regime.
 *   rates       spikes/s per recorded neuron over a window (t0, t1]; mean, median, 10th and
 *               90th percentile, fraction of neurons with no spike;
 *   irregularity coefficient of variation of the inter-spike intervals, per neuron with at
 *               least 3 spikes in the window (sample standard deviation / mean);
 *   synchrony   Fano factor of the population spike count in bins of bin_ms: variance over
 *               mean. About 1 for independent Poisson neurons, up to the number of neurons
 *               when they all fire together.
 */
#ifndef SNN_ACTIVITY_H
#define SNN_ACTIVITY_H

#include <stddef.h>

#include "snn/result_reader.h"

typedef struct {
    size_t n_neurons;
    double rate_mean, rate_median, rate_p10, rate_p90, silent_fraction;
    size_t n_cv; /* neurons with a CV */
    double cv_mean, cv_median;
    double synchrony;
    double *rates; /* n_neurons, spikes/s */
    double *cvs;   /* n_cv */
} snn_activity;

int snn_activity_compute(const snn_spike_train_set *s, double t0, double t1, double bin_ms,
                         snn_activity *a);
void snn_activity_free(snn_activity *a);

#endif
