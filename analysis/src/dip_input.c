/* Numbers for the dip test, one per line, from a text stream. */
#define _GNU_SOURCE /* getline */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/dip.h"
#include "snn/error.h"

int snn_dip_read_numbers(FILE *in, const char *name, double **values, size_t *count, char *err,
                         size_t errlen) {
    *values = NULL;
    *count = 0;
    size_t n = 0, cap = 0, line_no = 0, line_cap = 0;
    double *x = NULL;
    char *line = NULL; /* lines of any length: getline grows it */
    ssize_t len;
    int status = SNN_OK;
    while (status == SNN_OK && (len = getline(&line, &line_cap, in)) >= 0) {
        line_no++;
        if (strlen(line) != (size_t)len) {
            snprintf(err, errlen, "%s line %zu: holds a NUL byte; expected one number", name,
                     line_no);
            status = SNN_ERR_FORMAT;
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#') continue;
        char *end;
        const double v = strtod(p, &end);
        end += strspn(end, " \t");
        if (end == p || *end || !isfinite(v)) {
            snprintf(err, errlen, "%s line %zu: '%.60s%s' is not a finite number", name, line_no, p,
                     strlen(p) > 60 ? "..." : "");
            status = SNN_ERR_FORMAT;
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            double *grown = realloc(x, cap * sizeof *x);
            if (!grown) {
                snprintf(err, errlen, "%s: out of memory after %zu numbers", name, n);
                status = SNN_ERR_NOMEM;
                break;
            }
            x = grown;
        }
        x[n++] = v;
    }
    if (status == SNN_OK && ferror(in)) {
        snprintf(err, errlen, "%s: read error after line %zu", name, line_no);
        status = SNN_ERR_IO;
    }
    free(line);
    if (status != SNN_OK) {
        free(x);
        return status;
    }
    *values = x;
    *count = n;
    return SNN_OK;
}
