/* snn_activity: rates, irregularity (CV of ISIs) and synchrony of recorded spike trains. */
#include "snn/activity.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"

int snn_activity_compute(const snn_spike_train_set *s, double t0, double t1, double bin_ms,
                         snn_activity *a) {
    memset(a, 0, sizeof *a);
    a->rate_mean = a->rate_median = a->rate_p10 = a->rate_p90 = a->silent_fraction = NAN;
    a->cv_mean = a->cv_median = a->synchrony = NAN;
    const size_t n = s->recorded > 0 ? (size_t)s->recorded : 0;
    a->n_neurons = n;
    if (n == 0 || !(t1 > t0)) return SNN_OK;
    const double seconds = (t1 - t0) / 1000.0;
    /* spikes in the window, grouped by neuron in time order (a stable counting sort) */
    size_t *start = calloc(n + 1, sizeof *start);
    a->rates = calloc(n, sizeof *a->rates);
    const size_t n_bins = (size_t)ceil((t1 - t0) / bin_ms);
    double *pop = calloc(n_bins ? n_bins : 1, sizeof *pop);
    if (!start || !a->rates || !pop) goto nomem;
    size_t in_window = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i] > t0 && s->t[i] <= t1 && s->id[i] < n) {
            start[s->id[i] + 1]++;
            in_window++;
            size_t b = (size_t)((s->t[i] - t0) / bin_ms);
            pop[b < n_bins ? b : n_bins - 1] += 1;
        }
    for (size_t j = 0; j < n; j++)
        start[j + 1] += start[j];
    double *times = malloc((in_window + 1) * sizeof *times);
    size_t *fill = malloc((n + 1) * sizeof *fill);
    a->cvs = malloc((n + 1) * sizeof *a->cvs);
    double *isi = malloc((in_window + 1) * sizeof *isi);
    if (!times || !fill || !a->cvs || !isi) {
        free(times), free(fill), free(isi);
        goto nomem;
    }
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < s->n; i++)
        if (s->t[i] > t0 && s->t[i] <= t1 && s->id[i] < n) times[fill[s->id[i]]++] = s->t[i];

    size_t silent = 0;
    for (size_t j = 0; j < n; j++) {
        const size_t k = start[j + 1] - start[j];
        a->rates[j] = (double)k / seconds;
        silent += k == 0;
        if (k >= 3) {
            for (size_t i = 0; i + 1 < k; i++)
                isi[i] = times[start[j] + i + 1] - times[start[j] + i];
            const double mean = gsl_stats_mean(isi, 1, k - 1);
            a->cvs[a->n_cv++] = mean > 0 ? gsl_stats_sd_m(isi, 1, k - 1, mean) / mean : NAN;
        }
    }
    double *sorted = malloc(n * sizeof *sorted);
    if (sorted) {
        memcpy(sorted, a->rates, n * sizeof *sorted);
        gsl_sort(sorted, 1, n);
        a->rate_mean = gsl_stats_mean(sorted, 1, n);
        a->rate_median = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.5);
        a->rate_p10 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.1);
        a->rate_p90 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.9);
        free(sorted);
    }
    a->silent_fraction = (double)silent / (double)n;
    if (a->n_cv > 0) {
        a->cv_mean = gsl_stats_mean(a->cvs, 1, a->n_cv);
        double *cv_sorted = malloc(a->n_cv * sizeof *cv_sorted);
        if (cv_sorted) {
            memcpy(cv_sorted, a->cvs, a->n_cv * sizeof *cv_sorted);
            gsl_sort(cv_sorted, 1, a->n_cv);
            a->cv_median = gsl_stats_quantile_from_sorted_data(cv_sorted, 1, a->n_cv, 0.5);
            free(cv_sorted);
        }
    }
    if (n_bins > 1) {
        const double mean = gsl_stats_mean(pop, 1, n_bins);
        a->synchrony = mean > 0 ? gsl_stats_variance_m(pop, 1, n_bins, mean) / mean : NAN;
    }
    free(times), free(fill), free(isi), free(start), free(pop);
    return SNN_OK;
nomem:
    free(start), free(pop);
    snn_activity_free(a);
    return SNN_ERR_NOMEM;
}

void snn_activity_free(snn_activity *a) {
    free(a->rates);
    free(a->cvs);
    a->rates = a->cvs = NULL;
}
