/* Oracle CSV files of the reference simulator read into arrays of doubles. */
#include "oracle_csv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int oracle_read(const char *dir, const char *name, oracle_table *t) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    *t = (oracle_table){0};
    if (!f) {
        fprintf(stderr, "cannot open oracle %s\n", path);
        return -1;
    }
    size_t cap = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !(isdigit((unsigned char)line[0]) || line[0] == '-')) continue;
        size_t cols = 0;
        for (char *p = line, *end; *p && *p != '\n'; p = end) {
            double v = strtod(p, &end);
            if (end == p) break;
            if (t->rows * t->cols + cols + 1 > cap) {
                cap = cap ? 2 * cap : 1024;
                t->values = realloc(t->values, cap * sizeof(double));
            }
            t->values[t->rows * (t->cols ? t->cols : 0) + cols++] = v;
            if (*end == ',') end++;
        }
        if (t->rows == 0) t->cols = cols;
        if (cols != t->cols) {
            fprintf(stderr, "%s: row %zu has %zu columns, expected %zu\n", path, t->rows + 1, cols,
                    t->cols);
            fclose(f);
            return -1;
        }
        t->rows++;
    }
    fclose(f);
    return 0;
}

void oracle_free(oracle_table *t) {
    free(t->values);
    *t = (oracle_table){0};
}
