/* snn_analysis: the questions the seed asks of every run, answered from its result file.
 * Is the activity in the low-rate asynchronous irregular (AI) regime, and is the E->E
 * weight distribution unimodal? The answers are the metrics of the registry (metrics.h),
 * one value each, which the table, JSON and CSV outputs, the analysis file beside a result,
 * the study summary and `snnbench compare` share.
 * A result file is never written to: analysis goes into its own NAME.analysis.h5. */
#ifndef SNN_ANALYSIS_H
#define SNN_ANALYSIS_H

#include <stddef.h>

#include "snn/activity.h"
#include "snn/dip.h"
#include "snn/metrics.h"
#include "snn/result_reader.h"

typedef struct {
    double alpha;          /* dip test level (0.05) */
    double sync_bin_ms;    /* bin of the population count for synchrony (1 ms) */
    double rate_max;       /* AI: mean rate below this (10 spikes/s) */
    double cv_min, cv_max; /* AI: mean CV of ISIs in this range (0.7, 1.5) */
    double sync_max;       /* AI: synchrony below this (5) */
} snn_analysis_options;

typedef struct {
    double value[SNN_METRICS]; /* by snn_metric_id; NAN where it cannot be computed */
    snn_activity E, I;         /* per-neuron figures (snn_analysis_free releases them) */
    snn_dip_result dip;
} snn_analysis;

void snn_analysis_defaults(snn_analysis_options *o);
int snn_analyze(const snn_result *r, const snn_analysis_options *o, snn_analysis *a);
double snn_analysis_get(const snn_analysis *a, const char *key); /* NAN if unknown */
void snn_analysis_free(snn_analysis *a);
/* The analysis file of a result: NAME.h5 -> NAME.analysis.h5. */
#define SNN_ANALYSIS_SUFFIX ".analysis.h5"
int snn_analysis_path(const char *result_path, char *buf, size_t len);
/* Writes the metrics, options and per-neuron data of result_path's analysis into its own
 * file (format "snnbench-analysis", written as .part and published whole, replacing an
 * older analysis). The result file itself is only read. */
int snn_analysis_write(const char *result_path, const snn_analysis *a,
                       const snn_analysis_options *o, char *err, size_t errlen);

#endif
