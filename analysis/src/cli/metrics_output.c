#include "metrics_output.h"

#include <math.h>
#include <string.h>

void snn_format_value(char *buf, size_t len, const snn_metric *m, snn_output_format f) {
    if (isnan(m->value))
        snprintf(buf, len, "%s", f == SNN_OUT_JSON ? "null" : "NA");
    else if (m->kind == SNN_METRIC_BOOL)
        snprintf(buf, len, "%s", m->value != 0 ? "true" : "false");
    else if (m->kind == SNN_METRIC_COUNT)
        snprintf(buf, len, "%.0f", m->value);
    else
        snprintf(buf, len, "%.6g", m->value);
}

static void json_string(FILE *out, const char *s) {
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void snn_print_metrics(FILE *out, snn_output_format f, const char *const *names,
                       const snn_analysis *rows, size_t n_rows) {
    char v[64];
    if (f == SNN_OUT_JSON) {
        fprintf(out, "%s", n_rows == 1 ? "" : "[\n");
        for (size_t r = 0; r < n_rows; r++) {
            fprintf(out, "%s{\"file\": ", n_rows == 1 ? "" : "  ");
            json_string(out, names[r]);
            for (size_t i = 0; i < rows[r].count; i++) {
                snn_format_value(v, sizeof v, &rows[r].items[i], f);
                fprintf(out, ", \"%s\": %s", rows[r].items[i].key, v);
            }
            fprintf(out, "}%s\n", n_rows > 1 && r + 1 < n_rows ? "," : "");
        }
        if (n_rows != 1) fprintf(out, "]\n");
        return;
    }
    if (f == SNN_OUT_CSV) {
        fprintf(out, "file");
        for (size_t i = 0; n_rows > 0 && i < rows[0].count; i++)
            fprintf(out, ",%s", rows[0].items[i].key);
        fputc('\n', out);
        for (size_t r = 0; r < n_rows; r++) {
            fprintf(out, "\"%s\"", names[r]);
            for (size_t i = 0; i < rows[r].count; i++) {
                snn_format_value(v, sizeof v, &rows[r].items[i], f);
                fprintf(out, ",%s", v);
            }
            fputc('\n', out);
        }
        return;
    }
    if (n_rows == 1) {
        fprintf(out, "%s\n", names[0]);
        for (size_t i = 0; i < rows[0].count; i++) {
            snn_format_value(v, sizeof v, &rows[0].items[i], f);
            fprintf(out, "  %-26s %s\n", rows[0].items[i].key, v);
        }
        return;
    }
    /* a study: the keys that tell points apart and answer the seed's questions */
    static const char *const columns[] = {
        "scale",     "threads",     "seed",       "rate_mean",   "cv_isi_mean", "synchrony",
        "ai_regime", "weight_mean", "weight_std", "dip_p_value", "unimodal",    "time_simulate"};
    const size_t n_cols = sizeof columns / sizeof columns[0];
    fprintf(out, "%-40s", "file");
    for (size_t c = 0; c < n_cols; c++)
        fprintf(out, " %13s", columns[c]);
    fputc('\n', out);
    for (size_t r = 0; r < n_rows; r++) {
        const char *base = strrchr(names[r], '/');
        fprintf(out, "%-40.40s", base ? base + 1 : names[r]);
        for (size_t c = 0; c < n_cols; c++) {
            snn_metric m = {columns[c], NAN, SNN_METRIC_NUMBER};
            for (size_t i = 0; i < rows[r].count; i++)
                if (strcmp(rows[r].items[i].key, columns[c]) == 0) m = rows[r].items[i];
            snn_format_value(v, sizeof v, &m, f);
            fprintf(out, " %13s", v);
        }
        fputc('\n', out);
    }
}
