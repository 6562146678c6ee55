/* The dip test against the reference implementation's outputs (oracles/diptest): the dip to
 * 1e-9 for every sample, the p-value within 0.02 and on the same side of 0.05; the known
 * small cases of dip-test.md; and `snnbench dip` on a file and on stdin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/dip.h"
#include "testing.h"

static double *read_numbers(const char *path, size_t *n) {
    FILE *f = fopen(path, "r");
    *n = 0;
    if (!f) return NULL;
    size_t cap = 1024;
    double *x = malloc(cap * sizeof *x), v;
    while (fscanf(f, "%lf", &v) == 1) {
        if (*n == cap) {
            double *grown = realloc(x, (cap *= 2) * sizeof *x);
            if (!grown) break;
            x = grown;
        }
        x[(*n)++] = v;
    }
    fclose(f);
    return x;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: test_dip ORACLE_DIR SNNBENCH\n");
        return 2;
    }
    const char *dir = argv[1], *snnbench = argv[2];
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/expected.csv", dir);
    FILE *expected = fopen(path, "r");
    CHECK(expected != NULL, "cannot open %s", path);
    size_t cases = 0;
    while (expected && fgets(line, sizeof line, expected)) {
        if (line[0] == '#' || strncmp(line, "name,", 5) == 0) continue;
        char name[128], p_text[64];
        size_t n_expected;
        double dip_expected;
        if (sscanf(line, "%127[^,],%zu,%lf,%63s", name, &n_expected, &dip_expected, p_text) != 4)
            continue;
        snprintf(path, sizeof path, "%s/%s.txt", dir, name);
        size_t n;
        double *x = read_numbers(path, &n);
        CHECK(x && n == n_expected, "%s: read %zu numbers, expected %zu", name, n, n_expected);
        if (!x) continue;
        snn_dip_result r;
        CHECK(snn_dip_test(x, n, 0.05, &r) == 0, "%s: dip test failed", name);
        CHECK_NEAR(r.dip, dip_expected, 1e-9, name);
        if (strcmp(p_text, "NA") == 0) {
            /* the reference gives none: a constant sample or n <= 3 (p = 1 here) */
            CHECK(isnan(r.p_value) || (n <= 3 && r.p_value == 1.0), "%s: p %g where NA expected",
                  name, r.p_value);
        } else {
            const double p = atof(p_text);
            CHECK_NEAR(r.p_value, p, 0.02, name);
            CHECK((r.p_value < 0.05) == (p < 0.05),
                  "%s: p %g and reference %g on opposite sides of 0.05", name, r.p_value, p);
        }
        printf("%-20s n %6zu  dip %.12f (ref %.12f)  p %.4f (ref %s)\n", name, n, r.dip,
               dip_expected, r.p_value, p_text);
        free(x);
        cases++;
    }
    if (expected) fclose(expected);
    CHECK(cases == 11, "%zu oracle cases", cases);

    const struct {
        double x[10];
        size_t n;
        double dip;
    } known[] = {{{1, 1, 2, 2}, 4, 0.25},
                 {{0, 1, 3, 6}, 4, 0.125},
                 {{0, 2, 3, 5, 6}, 5, 2.0 / 15.0},
                 {{1, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 10, 0.05}};
    for (size_t i = 0; i < 4; i++)
        CHECK_NEAR(snn_dip_sorted(known[i].x, known[i].n), known[i].dip, 1e-12, "known case");

    /* the command line, from a file and from stdin */
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "%s dip %s/uniform_n500.txt", snnbench, dir);
    char out[1024] = "";
    CHECK(test_run_command(cmd, out, sizeof out) == 0, "snnbench dip failed");
    CHECK(strstr(out, "n 500\n") && strstr(out, "dip 0.0195170002208") &&
              strstr(out, "p_value 0.2") && strstr(out, "unimodal true"),
          "snnbench dip output: %s", out);
    snprintf(cmd, sizeof cmd, "%s dip - --json < %s/bimodal_n1000.txt", snnbench, dir);
    CHECK(test_run_command(cmd, out, sizeof out) == 0, "snnbench dip - failed");
    CHECK(strstr(out, "\"n\": 1000") && strstr(out, "\"unimodal\": false"), "json: %s", out);
    snprintf(cmd, sizeof cmd, "printf '1\\n2\\nthree\\n' | %s dip - 2>&1", snnbench);
    CHECK(test_run_command(cmd, out, sizeof out) > 0, "bad input accepted");
    CHECK(strstr(out, "line 3") && strstr(out, "three"), "message names the line: %s", out);
    return test_summary();
}
