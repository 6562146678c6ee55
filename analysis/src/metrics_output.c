/* snn_metrics_output: the three ways a list of metric rows is printed. */
#include "snn/metrics_output.h"

#include <math.h>
#include <string.h>

void snn_metrics_format_value(char *buf, size_t len, snn_metric_id m, double value,
                              snn_metrics_format f) {
    const snn_metric_kind kind = snn_metric_table[m].kind;
    if (isnan(value))
        snprintf(buf, len, "%s", f == SNN_OUT_JSON ? "null" : "NA");
    else if (kind == SNN_METRIC_BOOL)
        snprintf(buf, len, "%s", value != 0 ? "true" : "false");
    else if (kind == SNN_METRIC_COUNT)
        snprintf(buf, len, "%.0f", value);
    else
        snprintf(buf, len, "%.6g", value);
}

static void json_string(FILE *out, const char *s) {
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void print_json(FILE *out, const char *const *names, const snn_analysis *rows,
                       size_t n_rows) {
    char v[64];
    fprintf(out, "%s", n_rows == 1 ? "" : "[\n");
    for (size_t r = 0; r < n_rows; r++) {
        fprintf(out, "%s{\"file\": ", n_rows == 1 ? "" : "  ");
        json_string(out, names[r]);
        for (int m = 0; m < SNN_METRICS; m++) {
            snn_metrics_format_value(v, sizeof v, m, rows[r].value[m], SNN_OUT_JSON);
            fprintf(out, ", \"%s\": %s", snn_metric_table[m].key, v);
        }
        fprintf(out, "}%s\n", n_rows > 1 && r + 1 < n_rows ? "," : "");
    }
    if (n_rows != 1) fprintf(out, "]\n");
}

static void print_csv(FILE *out, const char *const *names, const snn_analysis *rows,
                      size_t n_rows) {
    char v[64];
    fprintf(out, "file");
    for (int m = 0; m < SNN_METRICS; m++)
        fprintf(out, ",%s", snn_metric_table[m].key);
    fputc('\n', out);
    for (size_t r = 0; r < n_rows; r++) {
        fprintf(out, "\"%s\"", names[r]);
        for (int m = 0; m < SNN_METRICS; m++) {
            snn_metrics_format_value(v, sizeof v, m, rows[r].value[m], SNN_OUT_CSV);
            fprintf(out, ",%s", v);
        }
        fputc('\n', out);
    }
}

/* A study: the columns that tell points apart and answer the seed's questions. */
static void print_study_table(FILE *out, const char *const *names, const snn_analysis *rows,
                              size_t n_rows) {
    char v[64];
    fprintf(out, "%-40s", "file");
    for (int m = 0; m < SNN_METRICS; m++)
        if (snn_metric_table[m].in_study_table) fprintf(out, " %13s", snn_metric_table[m].key);
    fputc('\n', out);
    for (size_t r = 0; r < n_rows; r++) {
        const char *base = strrchr(names[r], '/');
        fprintf(out, "%-40.40s", base ? base + 1 : names[r]);
        for (int m = 0; m < SNN_METRICS; m++) {
            if (!snn_metric_table[m].in_study_table) continue;
            snn_metrics_format_value(v, sizeof v, m, rows[r].value[m], SNN_OUT_TABLE);
            fprintf(out, " %13s", v);
        }
        fputc('\n', out);
    }
}

void snn_metrics_print(FILE *out, snn_metrics_format f, const char *const *names,
                       const snn_analysis *rows, size_t n_rows) {
    char v[64];
    if (f == SNN_OUT_JSON) {
        print_json(out, names, rows, n_rows);
    } else if (f == SNN_OUT_CSV) {
        print_csv(out, names, rows, n_rows);
    } else if (n_rows == 1) {
        fprintf(out, "%s\n", names[0]);
        for (int m = 0; m < SNN_METRICS; m++) {
            snn_metrics_format_value(v, sizeof v, m, rows[0].value[m], f);
            fprintf(out, "  %-26s %s\n", snn_metric_table[m].key, v);
        }
    } else {
        print_study_table(out, names, rows, n_rows);
    }
}
