/* Printing lists of metrics: a readable table, JSON or CSV. */
#ifndef SNN_METRICS_OUTPUT_H
#define SNN_METRICS_OUTPUT_H

#include <stdio.h>

#include "snn/analysis.h"

typedef enum { SNN_OUT_TABLE, SNN_OUT_JSON, SNN_OUT_CSV } snn_output_format;

/* One value as text: "true"/"false" for booleans, "NA" (or null in JSON) for NAN. */
void snn_format_value(char *buf, size_t len, const snn_metric *m, snn_output_format f);

/* rows[i] belongs to names[i]. A study prints one row per file plus groups of repetitions. */
void snn_print_metrics(FILE *out, snn_output_format f, const char *const *names,
                       const snn_analysis *rows, size_t n_rows);

#endif
