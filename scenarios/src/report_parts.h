/* report_parts: what the sections of the report share: the points read once (their metrics
 * and provenance), the study's scenario, and the folder the figures are drawn in. */
#ifndef SNN_REPORT_PARTS_H
#define SNN_REPORT_PARTS_H

#include <limits.h>
#include <stdio.h>

#include "snn/analysis.h"
#include "snn/report.h"
#include "snn/result_paths.h"
#include "snn/result_reader.h"
#include "snn/scenario.h"

typedef struct {
    const char *path; /* the result file */
    char name[256];   /* its name without the folder and .h5 */
    int read;         /* read and analysed; else error says why */
    char error[1024];
    double value[SNN_METRICS]; /* the analysis (metrics.h) */
    double dip, dip_p;
    size_t dip_n;
    snn_named_text *provenance; /* as the file records it */
    size_t n_provenance;
} report_point;

typedef struct {
    const char *target;
    int is_study;
    char dir[PATH_MAX]; /* the study folder, or the folder of the result file */
    char name[256];     /* the study's (scenario's) name, or the file's */
    snn_result_paths paths;
    report_point *points; /* one per result file, in name order */
    int have_scenario;    /* the study kept its scenario file and it loads */
    char scenario_error[1024];
    snn_scenario scenario;
    snn_analysis_options analysis;
    char figures[PATH_MAX + 64]; /* a temporary folder for the SVG figures */
    int figure_failures;
} report_context;

const char *report_point_provenance(const report_point *p, const char *key);

/* The sections, in page order. */
void report_section_run(FILE *f, report_context *c);
void report_section_verdicts(FILE *f, const report_context *c);
/* The table of summary.csv (or, for a result file or a folder without one, the same columns
 * from the analyses); -1 with err if summary.csv cannot be read. */
int report_section_table(FILE *f, const report_context *c, char *err, size_t errlen);
void report_section_study_figures(FILE *f, report_context *c);
void report_section_points(FILE *f, report_context *c);
void report_section_files(FILE *f, const report_context *c);

/* Draws the figures of target (a result or the study) into c->figures/sub and embeds them,
 * in names' order, each with its alt text; the files are removed afterwards. say_missing:
 * name on the page those the file has no data for. Returns how many were embedded. */
int report_figures(FILE *f, report_context *c, const char *target, const char *sub,
                   const char *const *names, const char *const *alts, size_t n, int say_missing);

#endif
