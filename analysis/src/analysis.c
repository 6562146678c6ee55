/* snn_analysis: the metrics of one result, and its analysis file. */
#include "snn/analysis.h"

#include <errno.h>
#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"
#include "snn/h5write.h"
#include "snn/output_file.h"

void snn_analysis_defaults(snn_analysis_options *o) {
    *o = (snn_analysis_options){.alpha = 0.05,
                                .sync_bin_ms = 1.0,
                                .rate_max = 10.0,
                                .cv_min = 0.7,
                                .cv_max = 1.5,
                                .sync_max = 5.0};
}

static void set(snn_analysis *a, snn_metric_id m, double value) {
    a->value[m] = value;
}

double snn_analysis_get(const snn_analysis *a, const char *key) {
    const int m = snn_metric_find(key);
    return m >= 0 ? a->value[m] : NAN;
}

int snn_analyze(const snn_result *r, const snn_analysis_options *o, snn_analysis *a) {
    memset(a, 0, sizeof *a);
    for (int m = 0; m < SNN_METRICS; m++)
        a->value[m] = NAN;
    const double t0 = r->presim_end_ms, t1 = r->sim_end_ms;
    int status = snn_activity_compute(&r->E, t0, t1, o->sync_bin_ms, &a->E);
    if (status == SNN_OK) status = snn_activity_compute(&r->I, t0, t1, o->sync_bin_ms, &a->I);
    if (status == SNN_OK) {
        double *sample = malloc((r->n_sample + 1) * sizeof *sample);
        if (!sample) return SNN_ERR_NOMEM;
        for (size_t i = 0; i < r->n_sample; i++)
            sample[i] = r->sample[i];
        status = snn_dip_test(sample, r->n_sample, o->alpha, &a->dip);
        free(sample);
    }
    if (status != SNN_OK) {
        snn_analysis_free(a);
        return status;
    }
    set(a, SNN_M_SCALE, snn_result_config(r, "simulation.scale"));
    set(a, SNN_M_THREADS, snn_result_config(r, "simulation.threads"));
    set(a, SNN_M_SEED, snn_result_config(r, "simulation.seed"));
    set(a, SNN_M_RECORDED_E, (double)a->E.n_neurons);
    set(a, SNN_M_RATE_MEAN, a->E.rate_mean);
    set(a, SNN_M_RATE_MEDIAN, a->E.rate_median);
    set(a, SNN_M_RATE_P10, a->E.rate_p10);
    set(a, SNN_M_RATE_P90, a->E.rate_p90);
    set(a, SNN_M_SILENT_FRACTION, a->E.silent_fraction);
    /* the seed's figure: every recorded spike since t = 0 over (nrec x simtime) */
    const double simtime_s = (t1 - t0) / 1000.0;
    size_t until_end = 0;
    for (size_t i = 0; i < r->E.n; i++)
        until_end += r->E.t[i] <= t1;
    set(a, SNN_M_AVERAGE_RATE,
        a->E.n_neurons ? (double)until_end / ((double)a->E.n_neurons * simtime_s) : NAN);
    set(a, SNN_M_RATE_I_MEAN, a->I.rate_mean);
    set(a, SNN_M_CV_ISI_MEAN, a->E.cv_mean);
    set(a, SNN_M_CV_ISI_MEDIAN, a->E.cv_median);
    set(a, SNN_M_SYNCHRONY, a->E.synchrony);
    /* NA when a measure it needs is missing (no spikes, no ISIs), never "not AI" */
    const int computable =
        isfinite(a->E.rate_mean) && isfinite(a->E.cv_mean) && isfinite(a->E.synchrony);
    const int ai = a->E.rate_mean < o->rate_max && a->E.cv_mean >= o->cv_min &&
                   a->E.cv_mean <= o->cv_max && a->E.synchrony < o->sync_max;
    set(a, SNN_M_AI_REGIME, computable ? ai : NAN);
    const size_t last = r->n_snapshots - 1;
    if (r->n_snapshots > 0) {
        set(a, SNN_M_WEIGHT_MEAN, r->mean[last]);
        set(a, SNN_M_WEIGHT_STD, r->std[last]);
        set(a, SNN_M_WEIGHT_MIN, r->min[last]);
        set(a, SNN_M_WEIGHT_MAX, r->max[last]);
        set(a, SNN_M_WEIGHT_CLIPPED_FRACTION,
            r->count[last] ? (double)r->clipped[last] / (double)r->count[last] : NAN);
    }
    set(a, SNN_M_DIP, a->dip.dip);
    set(a, SNN_M_DIP_P_VALUE, a->dip.p_value);
    set(a, SNN_M_UNIMODAL, snn_dip_verdict_value(a->dip.unimodal));
    set(a, SNN_M_SAMPLE_SIZE, (double)a->dip.n);
    set(a, SNN_M_TIME_CONSTRUCTION_CONNECT, snn_result_timer_at(r, SNN_TIMER_CONSTRUCTION_CONNECT));
    set(a, SNN_M_TIME_PRESIMULATE, snn_result_timer_at(r, SNN_TIMER_PRESIMULATE));
    set(a, SNN_M_TIME_SIMULATE, snn_result_timer_at(r, SNN_TIMER_SIMULATE));
    set(a, SNN_M_RTF, snn_result_timer_at(r, SNN_TIMER_RTF));
    set(a, SNN_M_EVENTS_PER_SECOND, snn_result_timer_at(r, SNN_TIMER_EVENTS_PER_SECOND));
    set(a, SNN_M_VMHWM, snn_result_timer_at(r, SNN_TIMER_VMHWM));
    set(a, SNN_M_BYTES_PER_SYNAPSE, snn_result_timer_at(r, SNN_TIMER_BYTES_PER_SYNAPSE));
    return SNN_OK;
}

void snn_analysis_free(snn_analysis *a) {
    snn_activity_free(&a->E);
    snn_activity_free(&a->I);
}

int snn_analysis_path(const char *result_path, char *buf, size_t len) {
    const size_t stem = snn_path_stem_length(result_path);
    const int n = snprintf(buf, len, "%.*s%s", (int)stem, result_path, SNN_ANALYSIS_SUFFIX);
    return n >= 0 && (size_t)n < len ? SNN_OK : SNN_ERR_PARAM;
}

static herr_t write_group(hid_t file, const snn_analysis *a, const snn_analysis_options *o) {
    hid_t g = H5Gcreate2(file, "analysis", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t s = g < 0 ? -1 : 0;
    for (int m = 0; m < SNN_METRICS && s >= 0; m++)
        s |= snn_h5_attr_double(g, snn_metric_table[m].key, a->value[m]);
    s |= snn_h5_attr_double(g, "option_alpha", o->alpha);
    s |= snn_h5_attr_double(g, "option_sync_bin_ms", o->sync_bin_ms);
    s |= snn_h5_attr_double(g, "option_rate_max", o->rate_max);
    s |= snn_h5_attr_double(g, "option_cv_min", o->cv_min);
    s |= snn_h5_attr_double(g, "option_cv_max", o->cv_max);
    s |= snn_h5_attr_double(g, "option_sync_max", o->sync_max);
    s |=
        snn_h5_vector(g, "rates_E", H5T_NATIVE_DOUBLE, a->E.rates ? a->E.n_neurons : 0, a->E.rates);
    s |= snn_h5_vector(g, "cv_isi_E", H5T_NATIVE_DOUBLE, a->E.n_cv, a->E.cvs);
    if (g >= 0) H5Gclose(g);
    return s;
}

int snn_analysis_write(const char *result_path, const snn_analysis *a,
                       const snn_analysis_options *o, char *err, size_t errlen) {
    char path[PATH_MAX];
    if (snn_analysis_path(result_path, path, sizeof path) != SNN_OK) {
        snprintf(err, errlen, "%s: path too long for its analysis file", result_path);
        return SNN_ERR_PARAM;
    }
    snn_output_file out;
    if (snn_output_begin(&out, path, 1, err, errlen) != SNN_OK) return SNN_ERR_IO;
    hid_t file = snn_h5_create_part(out.part);
    herr_t s = file < 0 ? -1 : 0;
    if (s >= 0) s |= snn_h5_attr_string(file, "format", "snnbench-analysis");
    if (s >= 0) s |= snn_h5_attr_int(file, "format_version", 1);
    if (s >= 0) s |= snn_h5_attr_string(file, "result_file", result_path);
    if (s >= 0) s |= write_group(file, a, o);
    if (file >= 0) s |= H5Fclose(file);
    if (s < 0) return snn_output_fail(&out, errno, err, errlen);
    return snn_output_commit(&out, err, errlen);
}
