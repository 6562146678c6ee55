/* rank_sum_test A.txt B.txt: the Wilcoxon rank-sum test of two samples, numbers one per line
 * (the format of `snnbench dip`). Prints one line: n_a n_b U z p exact|normal. Used by
 * ci/bench-stats.sh to compare the network's statistics over seeds before and after a
 * change. Exit 0, or 2 with the file and line of bad input. */
#include <stdio.h>
#include <stdlib.h>

#include "snn/dip.h"
#include "snn/error.h"
#include "snn/rank_sum.h"

static int read_sample(const char *path, double **values, size_t *count) {
    FILE *in = fopen(path, "r");
    if (!in) {
        perror(path);
        return SNN_ERR_IO;
    }
    char err[512];
    const int status = snn_dip_read_numbers(in, path, values, count, err, sizeof err);
    fclose(in);
    if (status != SNN_OK) fprintf(stderr, "rank_sum_test: %s\n", err);
    return status;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: rank_sum_test A.txt B.txt (numbers, one per line)\n");
        return 2;
    }
    double *a = NULL, *b = NULL;
    size_t n_a = 0, n_b = 0;
    snn_rank_sum r;
    int status = read_sample(argv[1], &a, &n_a);
    if (status == SNN_OK) status = read_sample(argv[2], &b, &n_b);
    if (status == SNN_OK) status = snn_rank_sum_test(a, n_a, b, n_b, &r);
    free(a), free(b);
    if (status != SNN_OK) return 2;
    printf("%zu %zu %.1f %.4f %.6g %s\n", r.n_a, r.n_b, r.u, r.z, r.p_value,
           r.exact ? "exact" : "normal");
    return 0;
}
