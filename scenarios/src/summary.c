/* snn_summary: summary.csv and summary.h5 of a study, from the rows the runner keeps. */
#include "summary.h"

#include <errno.h>
#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snn/analysis.h"
#include "snn/error.h"
#include "snn/h5write.h"
#include "snn/output_file.h"

static const char *const always[] = {"simulation.scale",      "simulation.threads",
                                     "simulation.ranks",      "simulation.seed",
                                     "simulation.presimtime", "simulation.simtime"};
#define N_ALWAYS (sizeof always / sizeof always[0])

typedef struct {
    const char *names[N_ALWAYS + SNN_MAX_SWEEP + SNN_METRICS];
    size_t count;
} columns;

static void add_column(columns *c, const char *name) {
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->names[i], name) == 0) return;
    c->names[c->count++] = name;
}

static int write_h5(const char *path, const columns *c, const double *table,
                    const snn_summary_row *rows, size_t n) {
    hid_t f = snn_h5_create_part(path);
    if (f < 0) return -1;
    herr_t s = 0;
    double *column = malloc((n + 1) * sizeof *column);
    for (size_t k = 0; k < c->count; k++) {
        for (size_t r = 0; r < n; r++)
            column[r] = table[r * c->count + k];
        s |= snn_h5_vector(f, c->names[k], H5T_NATIVE_DOUBLE, n, column);
    }
    free(column);
    const struct {
        const char *name;
        size_t offset, size;
    } texts[] = {{"point", 0, sizeof rows[0].point->name},
                 {"file", offsetof(snn_summary_row, file), sizeof rows[0].file},
                 {"status", offsetof(snn_summary_row, status), sizeof rows[0].status}};
    for (size_t t = 0; t < 3; t++) {
        const size_t width = texts[t].size;
        char *buf = calloc(n + 1, width);
        for (size_t r = 0; r < n; r++)
            snprintf(buf + r * width, width, "%s",
                     t == 0 ? rows[r].point->name : (const char *)&rows[r] + texts[t].offset);
        hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, width);
        s |= snn_h5_vector(f, texts[t].name, type, n, buf);
        H5Tclose(type);
        free(buf);
    }
    s |= H5Fclose(f);
    return s < 0 ? -1 : 0;
}

/* summary.csv: one row per point, NA where a figure is missing. */
static int write_csv(const char *dir, const columns *c, const double *table,
                     const snn_summary_row *rows, size_t n, char *err, size_t errlen) {
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    snn_output_file out;
    if (snn_output_begin(&out, path, 1, err, errlen) != SNN_OK) return SNN_ERR_IO;
    FILE *f = snn_output_stream(&out);
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", out.part, strerror(errno));
        snn_output_abort(&out);
        return SNN_ERR_IO;
    }
    fprintf(f, "point,file,status");
    for (size_t k = 0; k < c->count; k++)
        fprintf(f, ",%s", c->names[k]);
    fputc('\n', f);
    for (size_t r = 0; r < n; r++) {
        /* the status is free text (a failure's message): quoted, its quotes doubled (RFC 4180) */
        fprintf(f, "%s,%s,\"", rows[r].point->name, rows[r].file);
        for (const char *ch = rows[r].status; *ch; ch++) {
            if (*ch == '"') fputc('"', f);
            fputc(*ch, f);
        }
        fputc('"', f);
        for (size_t k = 0; k < c->count; k++) {
            const double v = table[r * c->count + k];
            if (isnan(v))
                fprintf(f, ",NA");
            else
                fprintf(f, ",%.10g", v);
        }
        fputc('\n', f);
    }
    const int failed = ferror(f) | (fclose(f) != 0);
    if (failed) return snn_output_fail(&out, errno, err, errlen);
    return snn_output_commit(&out, err, errlen);
}

static int publish_h5(const char *dir, const columns *c, const double *table,
                      const snn_summary_row *rows, size_t n, char *err, size_t errlen) {
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/summary.h5", dir);
    snn_output_file out;
    if (snn_output_begin(&out, path, 1, err, errlen) != SNN_OK) return SNN_ERR_IO;
    if (write_h5(out.part, c, table, rows, n) != 0)
        return snn_output_fail(&out, errno, err, errlen);
    return snn_output_commit(&out, err, errlen);
}

int snn_summary_write(const char *dir, const snn_scenario *s, const snn_summary_row *rows, size_t n,
                      char *err, size_t errlen) {
    columns c = {.count = 0};
    for (size_t i = 0; i < N_ALWAYS; i++)
        add_column(&c, always[i]);
    for (size_t a = 0; a < s->n_axes; a++)
        add_column(&c, s->axes[a].key);
    const size_t n_params = c.count;
    int metric_of[SNN_METRICS];
    for (int m = 0; m < SNN_METRICS; m++)
        if (snn_metric_table[m].in_summary) {
            metric_of[c.count - n_params] = m;
            add_column(&c, snn_metric_table[m].key);
        }
    double *table = malloc((n * c.count + 1) * sizeof *table);
    if (!table) {
        snprintf(err, errlen, "%s: out of memory for the study summary", dir);
        return SNN_ERR_NOMEM;
    }
    for (size_t r = 0; r < n; r++) {
        double *row = table + r * c.count;
        for (size_t k = 0; k < n_params; k++)
            row[k] = snn_param_get(&rows[r].point->cfg.values, snn_param_find(c.names[k]));
        for (size_t k = n_params; k < c.count; k++)
            row[k] = rows[r].analysed ? rows[r].metrics.value[metric_of[k - n_params]] : NAN;
    }
    int status = write_csv(dir, &c, table, rows, n, err, errlen);
    if (status == SNN_OK) status = publish_h5(dir, &c, table, rows, n, err, errlen);
    free(table);
    return status;
}
