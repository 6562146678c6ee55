/* snn_metrics_output: rows of metrics printed as a readable table, JSON or CSV, every key,
 * kind and column from the registry (metrics.h). */
#ifndef SNN_METRICS_OUTPUT_H
#define SNN_METRICS_OUTPUT_H

#include <stdio.h>

#include "snn/analysis.h"

typedef enum { SNN_OUT_TABLE, SNN_OUT_JSON, SNN_OUT_CSV } snn_metrics_format;

/* One value as text: "true"/"false" for booleans, "NA" (or null in JSON) for NAN. */
void snn_metrics_format_value(char *buf, size_t len, snn_metric_id m, double value,
                              snn_metrics_format f);

/* rows[i] belongs to names[i]. One row: every metric; several: JSON and CSV give every
 * metric, the table the registry's study-table columns. */
void snn_metrics_print(FILE *out, snn_metrics_format f, const char *const *names,
                       const snn_analysis *rows, size_t n_rows);

#endif
