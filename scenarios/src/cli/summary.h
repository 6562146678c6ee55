/* The study summary: one row per point (parameters, timers, rate, weight statistics,
 * status) in summary.csv and summary.h5, both written whole or not at all. */
#ifndef SNN_SUMMARY_H
#define SNN_SUMMARY_H

#include <stddef.h>

#include "snn/scenario.h"

typedef struct {
    const snn_point *point;
    char file[300];
    char status[160]; /* "ok", "kept", "failed: ...", "refused: ...", "not run" */
} snn_summary_row;

/* Reads each ok/kept point's result file for its figures. */
int snn_summary_write(const char *dir, const snn_scenario *s, const snn_summary_row *rows, size_t n,
                      char *err, size_t errlen);

#endif
