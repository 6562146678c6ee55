/* Reads the numeric rows of an oracle CSV (lines starting with '#' and the column header
 * are skipped) into a row-major array of doubles. */
#ifndef SNN_ORACLE_CSV_H
#define SNN_ORACLE_CSV_H

#include <stddef.h>

typedef struct {
    double *values; /* rows * cols */
    size_t rows, cols;
} oracle_table;

/* dir/name; returns 0 on success, prints the reason and returns -1 otherwise */
int oracle_read(const char *dir, const char *name, oracle_table *t);
void oracle_free(oracle_table *t);
static inline double oracle_at(const oracle_table *t, size_t r, size_t c) {
    return t->values[r * t->cols + c];
}

#endif
