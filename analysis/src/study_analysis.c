/* snn_study_analysis: a result or a study's results analysed, tabled and grouped by point. */
#include "snn/study_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"
#include "snn/result_paths.h"

int snn_study_analysis_file(const char *path, const snn_analysis_options *o, snn_analysis *row,
                            char *key, char *err, size_t errlen) {
    snn_result r;
    int status = snn_result_read(path, &r, err, errlen);
    if (status != SNN_OK) return status;
    status = snn_analyze(&r, o, row);
    if (status != SNN_OK) {
        snprintf(err, errlen, "%s: out of memory analysing it", path);
        snn_result_free(&r);
        return status;
    }
    if (key) snn_result_point_key(&r, key, SNN_POINT_KEY_MAX);
    snn_result_free(&r);
    return SNN_OK;
}

/* Mean and sample standard deviation of every metric over the given rows. */
static void summarise(const snn_analysis *rows, const size_t *members, size_t n, snn_analysis *mean,
                      snn_analysis *sd) {
    memset(mean, 0, sizeof *mean);
    memset(sd, 0, sizeof *sd);
    for (int m = 0; m < SNN_METRICS; m++) {
        double sum = 0, sum2 = 0;
        for (size_t k = 0; k < n; k++)
            sum += rows[members[k]].value[m];
        const double mu = sum / (double)n;
        for (size_t k = 0; k < n; k++) {
            const double d = rows[members[k]].value[m] - mu;
            sum2 += d * d;
        }
        mean->value[m] = mu;
        sd->value[m] = n > 1 ? sqrt(sum2 / (double)(n - 1)) : NAN;
    }
}

void snn_study_analysis_print(FILE *out, snn_metrics_format f, int is_study,
                              const char *const *names, const snn_analysis *rows, char *const *keys,
                              size_t n) {
    if (n == 0) return;
    /* the rows, then a mean and a spread row per group of repetitions */
    snn_analysis *all = calloc(3 * n, sizeof *all);
    const char **all_names = calloc(3 * n, sizeof *all_names);
    char(*group_names)[96] = calloc(2 * n, sizeof *group_names);
    int *done = calloc(n, sizeof *done);
    size_t *members = calloc(n, sizeof *members);
    if (!all || !all_names || !group_names || !done || !members) {
        fprintf(stderr, "snnbench: out of memory for the table of %zu results\n", n);
        goto out;
    }
    memcpy(all, rows, n * sizeof *rows);
    memcpy(all_names, names, n * sizeof *names);
    size_t n_rows = n;
    for (size_t a = 0; is_study && keys && a < n; a++) {
        if (done[a]) continue;
        size_t k = 0;
        for (size_t b = a; b < n; b++)
            if (!done[b] && strcmp(keys[a], keys[b]) == 0) members[k++] = b, done[b] = 1;
        if (k < 2) continue;
        summarise(rows, members, k, &all[n_rows], &all[n_rows + 1]);
        const size_t g = (n_rows - n) / 2;
        snprintf(group_names[2 * g], 96, "mean of %zu repetitions like row %zu", k, a + 1);
        snprintf(group_names[2 * g + 1], 96, "sd of %zu repetitions like row %zu", k, a + 1);
        all_names[n_rows] = group_names[2 * g];
        all_names[n_rows + 1] = group_names[2 * g + 1];
        n_rows += 2;
    }
    snn_metrics_print(out, f, all_names, all, n_rows);
out:
    free(all), free(all_names), free(group_names), free(done), free(members);
}

int snn_study_analysis_run(const char *path, const snn_study_analysis_request *req) {
    char err[4352];
    snn_result_paths paths;
    if (snn_result_paths_list(path, &paths, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench analyze: %s\n", err);
        return 1;
    }
    snn_analysis *rows = calloc(paths.count + 1, sizeof *rows);
    const char **names = calloc(paths.count + 1, sizeof *names);
    char **keys = calloc(paths.count + 1, sizeof *keys);
    size_t n = 0, failed = 0;
    for (size_t i = 0; rows && names && keys && i < paths.count; i++) {
        keys[n] = malloc(SNN_POINT_KEY_MAX);
        if (!keys[n]) break;
        if (snn_study_analysis_file(paths.paths[i], &req->options, &rows[n], keys[n], err,
                                    sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench analyze: %s\n", err);
            failed++;
            free(keys[n]);
            keys[n] = NULL;
            continue;
        }
        /* a row whose analysis file could not be written is still a row of the table */
        if (req->write && snn_analysis_write(paths.paths[i], &rows[n], &req->options, err,
                                             sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench analyze: %s\n", err);
            failed++;
        }
        snn_analysis_free(&rows[n]);
        names[n++] = paths.paths[i];
    }
    if (!rows || !names || !keys) {
        fprintf(stderr, "snnbench analyze: out of memory for %zu results\n", paths.count);
        failed++;
    }
    snn_study_analysis_print(stdout, req->format, paths.is_study, names, rows, keys, n);
    for (size_t i = 0; keys && i < n; i++)
        free(keys[i]);
    free(rows), free(names), free(keys);
    snn_result_paths_free(&paths);
    return failed ? 1 : 0;
}
