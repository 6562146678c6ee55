/* snn_summary: the study summary, one row per point (its parameters, the registry's summary
 * metrics, status) in summary.csv and summary.h5, both written whole or not at all. */
#ifndef SNN_SUMMARY_H
#define SNN_SUMMARY_H

#include <stddef.h>

#include "snn/analysis.h"
#include "snn/scenario.h"
#include "snn/study_analysis.h"

typedef struct {
    const snn_point *point;
    char file[300];
    char status[512];     /* "ok", "kept", "failed: ...", "refused: ...", "not run" */
    int analysed;         /* metrics and key hold the point's analysis */
    snn_analysis metrics; /* kept from when the point ended */
    char *key;            /* its point key (SNN_POINT_KEY_MAX), for repetition groups */
} snn_summary_row;

/* From the kept analyses alone: no result file is read again. */
int snn_summary_write(const char *dir, const snn_scenario *s, const snn_summary_row *rows, size_t n,
                      char *err, size_t errlen);

#endif
