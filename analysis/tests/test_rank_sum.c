/* The rank-sum test against its definition and published figures: U as the count of pairs
 * a > b (ties one half) for random samples with and without ties; the exact p-value against
 * a brute-force enumeration of every assignment of the ranks; the Conover example that
 * SciPy's documentation works (U = 17, exact p = 1/9); the normal approximation against its
 * formula with ties; the edge cases; and the rank_sum_test tool on files, bad line named. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/rank_sum.h"
#include "testing.h"

static double pairs_u(const double *a, size_t na, const double *b, size_t nb) {
    double u = 0.0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            u += a[i] > b[j] ? 1.0 : a[i] == b[j] ? 0.5 : 0.0;
    return u;
}

/* Two-sided exact p by enumerating every way to give na of the N ranks to sample a. */
static double brute_force_p(double u_observed, size_t na, size_t nb) {
    const size_t N = na + nb;
    double le = 0, ge = 0, all = 0;
    for (unsigned mask = 0; mask < (1u << N); mask++) {
        if ((size_t)__builtin_popcount(mask) != na) continue;
        double rank_sum = 0;
        for (size_t r = 0; r < N; r++)
            if (mask & (1u << r)) rank_sum += (double)(r + 1);
        const double u = rank_sum - (double)(na * (na + 1)) / 2.0;
        all += 1, le += u <= u_observed, ge += u >= u_observed;
    }
    return fmin(1.0, 2.0 * fmin(le, ge) / all);
}

static void random_samples(void) {
    unsigned seed = 7;
    for (int trial = 0; trial < 40; trial++) {
        const size_t na = 1 + (size_t)(rand_r(&seed) % 8), nb = 1 + (size_t)(rand_r(&seed) % 8);
        const int with_ties = trial % 2;
        double a[8], b[8];
        for (size_t i = 0; i < na; i++)
            a[i] = with_ties ? (double)(rand_r(&seed) % 5) : (double)rand_r(&seed) / RAND_MAX;
        for (size_t i = 0; i < nb; i++)
            b[i] = with_ties ? (double)(rand_r(&seed) % 5) : (double)rand_r(&seed) / RAND_MAX + 0.1;
        snn_rank_sum r;
        CHECK(snn_rank_sum_test(a, na, b, nb, &r) == 0, "trial %d ran", trial);
        CHECK_NEAR(r.u, pairs_u(a, na, b, nb), 1e-12, "U against the pair count");
        if (r.exact)
            CHECK_NEAR(r.p_value, brute_force_p(r.u, na, nb), 1e-12, "exact p vs enumeration");
        CHECK(r.p_value > 0.0 && r.p_value <= 1.0, "trial %d: p %g in (0, 1]", trial, r.p_value);
    }
}

static void published_example(void) {
    /* Conover's example, worked in SciPy's mannwhitneyu documentation */
    const double males[] = {19, 22, 16, 29, 24}, females[] = {20, 11, 17, 12};
    snn_rank_sum r;
    snn_rank_sum_test(males, 5, females, 4, &r);
    CHECK_NEAR(r.u, 17.0, 0, "U of the example");
    CHECK(r.exact, "9 values without ties: exact");
    CHECK_NEAR(r.p_value, 1.0 / 9.0, 1e-12, "exact two-sided p of the example");
    /* completely separated samples of 10: 2 of C(20, 10) = 184756 assignments as extreme */
    double low[10], high[10];
    for (int i = 0; i < 10; i++)
        low[i] = i, high[i] = 10 + i;
    snn_rank_sum_test(low, 10, high, 10, &r);
    CHECK_NEAR(r.u, 0.0, 0, "U of separated samples");
    CHECK_REL(r.p_value, 2.0 / 184756.0, 1e-12, "p of separated samples");
}

static void normal_approximation(void) {
    /* ties: a = {1, 1, 2}, b = {1, 2, 2, 3}: mid-ranks 2, 2, 5 for a, U = 3; tie term
     * (27 - 3) + (27 - 3) = 48; var = 3 * 4 / 12 * (8 - 48 / 42) */
    const double a[] = {1, 1, 2}, b[] = {1, 2, 2, 3};
    snn_rank_sum r;
    snn_rank_sum_test(a, 3, b, 4, &r);
    const double var = 8.0 - 48.0 / 42.0;
    CHECK_NEAR(r.u, 3.0, 0, "U with ties");
    CHECK(!r.exact, "ties: normal approximation");
    CHECK_NEAR(r.z, -3.0 / sqrt(var), 1e-12, "z with the tie-corrected variance");
    CHECK_NEAR(r.p_value, 2.0 * gsl_cdf_ugaussian_Q(2.5 / sqrt(var)), 1e-12,
               "p with continuity correction");
    /* 40 against 40, separated: beyond the exact limit */
    double low[40], high[40];
    for (int i = 0; i < 40; i++)
        low[i] = i, high[i] = 40 + i;
    snn_rank_sum_test(high, 40, low, 40, &r);
    CHECK_NEAR(r.u, 1600.0, 0, "U of 40 above 40");
    CHECK(!r.exact, "80 values: normal approximation");
    CHECK_REL(r.p_value, 2.0 * gsl_cdf_ugaussian_Q(799.5 / sqrt(1600.0 * 81.0 / 12.0)), 1e-9,
              "p of 40 above 40");
}

static void edge_cases(void) {
    const double same[] = {2, 2, 2}, one[] = {1}, bad[] = {1, NAN};
    snn_rank_sum r;
    snn_rank_sum_test(same, 3, same, 2, &r);
    CHECK(r.p_value == 1.0 && r.z == 0.0, "all values equal: p 1, z 0 (got %g, %g)", r.p_value,
          r.z);
    snn_rank_sum_test(one, 1, one, 0, &r);
    CHECK(isnan(r.p_value), "empty sample: p NAN");
    snn_rank_sum_test(bad, 2, one, 1, &r);
    CHECK(isnan(r.p_value), "non-finite value: p NAN");
}

static void tool(const char *exe) {
    char a[] = "/tmp/rank_sum_a.XXXXXX", b[] = "/tmp/rank_sum_b.XXXXXX", cmd[512], out[512];
    const int fa = mkstemp(a), fb = mkstemp(b);
    FILE *pa = fdopen(fa, "w"), *pb = fdopen(fb, "w");
    fputs("19\n22\n# a comment\n16\n29\n24\n", pa);
    fputs("20\n11\n17\n12\n", pb);
    fclose(pa), fclose(pb);
    snprintf(cmd, sizeof cmd, "%s %s %s 2>&1", exe, a, b);
    CHECK(test_run_command(cmd, out, sizeof out) == 0, "tool ran: %s", out);
    CHECK(strcmp(out, "5 4 17.0 1.7146 0.111111 exact\n") == 0, "tool's line: %s", out);
    pb = fopen(b, "w");
    fputs("20\n11\nx17\n", pb);
    fclose(pb);
    CHECK(test_run_command(cmd, out, sizeof out) == 2, "bad number refused");
    CHECK(strstr(out, b) && strstr(out, "line 3"), "the file and line named: %s", out);
    remove(a), remove(b);
}

int main(int argc, char **argv) {
    random_samples();
    published_example();
    normal_approximation();
    edge_cases();
    if (argc > 1) tool(argv[1]);
    return test_summary();
}
