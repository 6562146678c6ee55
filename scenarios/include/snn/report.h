/* snn_report: a study folder or a result file as one self-contained HTML page (report.html):
 * what was run (the scenario file and its hash, swept parameters, repetitions), the points'
 * table with the numbers of summary.csv, the AI-regime and unimodality verdicts with their
 * thresholds, figures (gnuplot SVG, embedded), each point's provenance and every file's
 * SHA-256, and with a baseline the comparison `snnbench compare` makes, regressions
 * highlighted.
 *
 * Safe to open: every string from a scenario, a parameter, a file name or a result file is
 * escaped, and the page's Content-Security-Policy allows no script and no load from
 * anywhere (images are data: URIs, the one style sheet is allowed by its hash). Readable
 * without JavaScript, with a print style sheet. Written as .part and renamed; the result
 * files are only read. */
#ifndef SNN_REPORT_H
#define SNN_REPORT_H

#include <stddef.h>

#include "snn/compare.h"

typedef struct {
    const char *output;   /* NULL: STUDY/report.html, or NAME-report.html beside a result */
    const char *baseline; /* a study folder or result file to compare against; NULL: none */
    snn_compare_options compare;
} snn_report_options;

/* Writes the report (replacing an older one) and its path into path_out. Returns 0, 1 (the
 * report was written and the baseline comparison found a regression, as `compare` exits 1)
 * or 2 (nothing written, an older report kept; err says why: unusable input, a figure that
 * could not be drawn, a write that failed). */
int snn_report_write(const char *target, const snn_report_options *o, char *path_out,
                     size_t path_len, char *err, size_t errlen);

#endif
