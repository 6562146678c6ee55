/* snn_study_analysis: the analysis of a result file or of every result in a study folder, as
 * `snnbench analyze` prints it and as the runner keeps it point by point. */
#ifndef SNN_STUDY_ANALYSIS_H
#define SNN_STUDY_ANALYSIS_H

#include <stdio.h>

#include "snn/analysis.h"
#include "snn/metrics_output.h"

/* The point a result belongs to (its parameters without the seed), for grouping repetitions. */
#define SNN_POINT_KEY_MAX 8192

/* Reads and analyses one result (snn_analysis_write then writes its analysis file,
 * snn_analysis_free releases the per-neuron figures and keeps the metrics); key, if not
 * NULL, gets the point (SNN_POINT_KEY_MAX bytes). SNN_OK, or an error with the message in
 * err. */
int snn_study_analysis_file(const char *path, const snn_analysis_options *o, snn_analysis *row,
                            char *key, char *err, size_t errlen);

/* Prints the rows; for a study also a mean and a spread row for every group of rows with
 * the same key (repetitions of a point). keys may be NULL for no groups. */
void snn_study_analysis_print(FILE *out, snn_metrics_format f, int is_study,
                              const char *const *names, const snn_analysis *rows, char *const *keys,
                              size_t n);

typedef struct {
    snn_analysis_options options;
    snn_metrics_format format;
    int write; /* NAME.analysis.h5 beside each result */
} snn_study_analysis_request;

/* `snnbench analyze PATH`: the table on stdout, problems on stderr. Returns 0, or 1 when a
 * file could not be read, analysed or its analysis written. */
int snn_study_analysis_run(const char *path, const snn_study_analysis_request *req);

#endif
