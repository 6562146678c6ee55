/* snn_analysis: the questions the seed asks of every run, answered from its result file.
 * Is the activity in the low-rate asynchronous irregular (AI) regime, and is the E->E
 * weight distribution unimodal? The answers form one list of named metrics that the table,
 * JSON and CSV outputs, the /analysis group of the file and `snnbench compare` share. */
#ifndef SNN_ANALYSIS_H
#define SNN_ANALYSIS_H

#include <stddef.h>

#include "snn/activity.h"
#include "snn/dip.h"
#include "snn/result_reader.h"

typedef struct {
    double alpha;          /* dip test level (0.05) */
    double sync_bin_ms;    /* bin of the population count for synchrony (1 ms) */
    double rate_max;       /* AI: mean rate below this (10 spikes/s) */
    double cv_min, cv_max; /* AI: mean CV of ISIs in this range (0.7, 1.5) */
    double sync_max;       /* AI: synchrony below this (5) */
} snn_analysis_options;

typedef enum { SNN_METRIC_NUMBER, SNN_METRIC_BOOL, SNN_METRIC_COUNT } snn_metric_kind;

typedef struct {
    const char *key;
    double value;
    snn_metric_kind kind;
} snn_metric;

#define SNN_MAX_METRICS 64

typedef struct {
    snn_metric items[SNN_MAX_METRICS];
    size_t count;
    snn_activity E, I;
    snn_dip_result dip;
} snn_analysis;

void snn_analysis_defaults(snn_analysis_options *o);
int snn_analyze(const snn_result *r, const snn_analysis_options *o, snn_analysis *a);
double snn_analysis_get(const snn_analysis *a, const char *key); /* NAN if absent */
void snn_analysis_free(snn_analysis *a);
/* Replaces the file's /analysis group with the metrics, options and per-neuron data. */
int snn_analysis_write(const char *path, const snn_analysis *a, const snn_analysis_options *o,
                       char *err, size_t errlen);

#endif
