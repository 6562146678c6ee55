/* snnbench dip FILE | - [--json] [--alpha A]: Hartigan's dip test on numbers, one per line. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "snn/dip.h"
#include "snn/error.h"

int snn_cmd_dip(int argc, char **argv) {
    int json = 0;
    double alpha = 0.05;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--alpha") == 0 && i + 1 < argc) {
            if (snn_cmd_number_option("dip", "--alpha", argv[++i], 1e-9, 1, &alpha)) return 2;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: snnbench dip FILE | - [--json] [--alpha A]\n"
                   "  numbers one per line; prints n, dip, p_value, unimodal\n");
            return 0;
        } else if (!path)
            path = argv[i];
        else {
            fprintf(stderr, "snnbench dip: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: snnbench dip FILE | - [--json] [--alpha A]\n");
        return 2;
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "snnbench dip: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t n = 0;
    double *x = NULL;
    char err[PATH_MAX + 512];
    int status = snn_dip_read_numbers(in, path, &x, &n, err, sizeof err) == SNN_OK ? 0 : 1;
    if (status) fprintf(stderr, "snnbench dip: %s\n", err);
    if (in != stdin) fclose(in);
    if (status == 0 && n == 0) {
        fprintf(stderr, "snnbench dip: %s holds no numbers\n", path);
        status = 1;
    }
    snn_dip_result r;
    if (status == 0 && snn_dip_test(x, n, alpha, &r) != SNN_OK) {
        fprintf(stderr, "snnbench dip: out of memory\n");
        status = 1;
    }
    if (status == 0) {
        char p[32], dip[32];
        const char *na = json ? "null" : "NA";
        if (isnan(r.p_value))
            snprintf(p, sizeof p, "%s", na);
        else
            snprintf(p, sizeof p, "%.6g", r.p_value);
        if (isnan(r.dip))
            snprintf(dip, sizeof dip, "%s", na);
        else
            snprintf(dip, sizeof dip, "%.15g", r.dip);
        const char *verdict = r.unimodal == SNN_VERDICT_NA ? na : snn_dip_verdict_text(r.unimodal);
        if (json)
            printf("{\"n\": %zu, \"dip\": %s, \"p_value\": %s, \"unimodal\": %s}\n", r.n, dip, p,
                   verdict);
        else
            printf("n %zu\ndip %s\np_value %s\nunimodal %s\n", r.n, dip, p, verdict);
    }
    free(x);
    return status;
}
