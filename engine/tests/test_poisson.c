/* Counter-based randomness: Poisson counts with the right mean, variance and distribution;
 * the same numbers whatever order neurons are visited in; uniform integers unbiased; blocks
 * in bulk (rng_bulk.c) equal to blocks one at a time, across the counter words' wrap too;
 * bounded integers from bulk blocks equal to the cursor's words through the same rules;
 * counts added in bulk equal to the branch they replace. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "snn/rng.h"
#include "testing.h"

#define SEED   12345
#define MU     2.0856037200898867
#define N_GID  1000
#define N_STEP 1000

/* Every block of the bulk functions against snn_rng_block_at, for runs that start below
 * 2^32 and cross it (the counter's next word must carry) and for odd lengths. */
static void bulk_blocks_equal_single_blocks(void) {
    enum { N = 301 };
    static uint32_t plane[4][N];
    const snn_rng_planes out = {{plane[0], plane[1], plane[2], plane[3]}};
    const uint64_t firsts[] = {0, 7, ((uint64_t)1 << 32) - 150, ((uint64_t)5 << 32) + 3};
    for (size_t f = 0; f < sizeof firsts / sizeof *firsts; f++) {
        const uint64_t gid = f == 3 ? ((uint64_t)3 << 32) + 9 : 4242;
        snn_rng_blocks_by_index(SEED, SNN_STREAM_SOURCES_E, gid, firsts[f], N, out);
        int equal = 1;
        for (uint32_t i = 0; i < N; i++) {
            const snn_rng_block b =
                snn_rng_block_at(SEED, SNN_STREAM_SOURCES_E, gid, firsts[f] + i);
            for (int k = 0; k < 4; k++)
                equal &= plane[k][i] == b.w[k];
        }
        CHECK(equal, "blocks by index from %llu equal one at a time",
              (unsigned long long)firsts[f]);
    }
    const uint64_t gid0s[] = {0, ((uint64_t)1 << 32) - 600, ((uint64_t)2 << 32) + 1};
    const uint32_t strides[] = {1, 4, 7};
    for (size_t g = 0; g < sizeof gid0s / sizeof *gid0s; g++) {
        snn_rng_blocks_by_gid(SEED, SNN_STREAM_POISSON, gid0s[g], strides[g], N, 77777, out);
        int equal = 1;
        for (uint32_t i = 0; i < N; i++) {
            const uint64_t gid = gid0s[g] + (uint64_t)i * strides[g];
            const snn_rng_block b = snn_rng_block_at(SEED, SNN_STREAM_POISSON, gid, 77777);
            for (int k = 0; k < 4; k++)
                equal &= plane[k][i] == b.w[k];
        }
        CHECK(equal, "blocks by gid from %llu, stride %u, equal one at a time",
              (unsigned long long)gid0s[g], strides[g]);
    }
}

/* snn_rng_below_from_blocks against the cursor's words with Lemire's rule written out, for
 * ranges that reject almost never and about half the time, a skipped value that occurs
 * often, and rooms that stop it early. */
static void bounded_from_blocks_equal_cursor(void) {
    enum { BLOCKS = 301 };
    static uint32_t plane[4][BLOCKS], out[4 * BLOCKS], want[4 * BLOCKS];
    const snn_rng_planes blocks = {{plane[0], plane[1], plane[2], plane[3]}};
    const uint32_t ns[] = {3, 9000, (1u << 31) + 1, UINT32_MAX};
    const uint32_t rooms[] = {0, 15, 16, 100, 4 * BLOCKS};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
        for (size_t r = 0; r < sizeof rooms / sizeof *rooms; r++) {
            const uint32_t n = ns[i], offset = 10, skip = offset + 1, gid = 77 + (uint32_t)r;
            const uint32_t threshold = (uint32_t)(-n) % n;
            snn_rng_blocks_by_index(SEED, SNN_STREAM_SOURCES_E, gid, 0, BLOCKS, blocks);
            uint32_t stored = 0;
            memset(out, 0xa5, sizeof out); /* the vector paths store whole registers */
            const uint32_t used =
                snn_rng_below_from_blocks(blocks, BLOCKS, n, offset, skip, out, rooms[r], &stored);
            uint32_t beyond_room = 0;
            for (uint32_t k = rooms[r]; k < 4 * BLOCKS; k++)
                beyond_room += out[k] != 0xa5a5a5a5u;
            snn_rng_cursor c;
            snn_rng_cursor_init(&c, SEED, SNN_STREAM_SOURCES_E, gid);
            uint32_t wanted = 0;
            for (uint32_t u = 0; u < used; u++) {
                const uint64_t m = (uint64_t)snn_rng_cursor_word(&c) * n;
                const uint32_t value = offset + (uint32_t)(m >> 32);
                if ((uint32_t)m >= threshold && value != skip) want[wanted++] = value;
            }
            CHECK(used % 16 == 0 && used <= 4 * BLOCKS && stored <= rooms[r] &&
                      (rooms[r] - stored < 16 || used + 16 > 4 * BLOCKS),
                  "n %u, room %u: used %u words, stored %u", n, rooms[r], used, stored);
            CHECK(stored == wanted && memcmp(out, want, stored * sizeof *out) == 0,
                  "n %u, room %u: %u values from %u words, the cursor's rules give %u", n, rooms[r],
                  stored, used, wanted);
            CHECK(beyond_room == 0, "n %u, room %u: %u words written beyond the room", n, rooms[r],
                  beyond_room);
        }
}

int main(void) {
    bulk_blocks_equal_single_blocks();
    bounded_from_blocks_equal_cursor();
    const double e_mu = exp(-MU);
    /* moments and the histogram over 10^6 (gid, step) pairs */
    double sum = 0, sum2 = 0;
    uint64_t hist[16] = {0};
    static uint32_t forward[N_GID][N_STEP];
    for (uint64_t g = 0; g < N_GID; g++)
        for (uint64_t s = 0; s < N_STEP; s++) {
            const uint32_t k = snn_rng_poisson(SEED, g, s, MU, e_mu);
            forward[g][s] = k;
            sum += k;
            sum2 += (double)k * k;
            hist[k < 15 ? k : 15]++;
        }
    const double n = (double)N_GID * N_STEP;
    const double mean = sum / n, var = sum2 / n - mean * mean;
    printf("Poisson mean %.5f var %.5f (want %.5f)\n", mean, var, MU);
    /* standard error of the mean sqrt(mu/n) = 0.00144; of the variance ~ sqrt(mu(1+2mu)/n) */
    CHECK_NEAR(mean, MU, 4 * sqrt(MU / n), "mean count per step");
    CHECK_NEAR(var, MU, 4 * sqrt(MU * (1 + 2 * MU) / n), "variance of the count");
    /* chi-square against the Poisson pmf, classes 0..9 and >= 10 */
    double chi2 = 0, tail = 1;
    for (unsigned k = 0; k <= 10; k++) {
        const double p = k < 10 ? gsl_ran_poisson_pdf(k, MU) : tail;
        uint64_t observed = 0;
        if (k < 10)
            observed = hist[k];
        else
            for (unsigned j = 10; j < 16; j++)
                observed += hist[j];
        tail -= p;
        chi2 += (observed - n * p) * (observed - n * p) / (n * p);
    }
    const double p_value = gsl_cdf_chisq_Q(chi2, 10);
    printf("chi-square %.2f, p = %.3f\n", chi2, p_value);
    CHECK(p_value > 0.001, "Poisson histogram: chi2 %.2f p %.4f", chi2, p_value);

    /* the same numbers in reverse and in a strided order */
    int same = 1;
    for (int64_t g = N_GID - 1; g >= 0; g--)
        for (int64_t s = N_STEP - 1; s >= 0; s -= 7)
            same &= snn_rng_poisson(SEED, (uint64_t)g, (uint64_t)s, MU, e_mu) == forward[g][s];
    CHECK(same, "draws independent of visiting order");
    CHECK(snn_rng_poisson(SEED + 1, 3, 4, MU, e_mu) != forward[3][4] ||
              snn_rng_poisson(SEED + 1, 5, 6, MU, e_mu) != forward[5][6],
          "another seed gives other numbers");

    /* the tabulated inversion gives the recurrence's count for every u */
    snn_poisson_table table;
    snn_poisson_table_init(&table, MU);
    int agree = 1;
    for (int i = 0; i < 1000000; i++) {
        const double u = (i + 0.5) / 1e6;
        agree &= snn_poisson_table_draw(&table, u) == snn_rng_poisson_inverse(u, MU, e_mu);
    }
    const double u_top = 1.0 - 0x1p-53;
    agree &= snn_poisson_table_draw(&table, u_top) == snn_rng_poisson_inverse(u_top, MU, e_mu);
    CHECK(agree, "table and recurrence agree");
    /* in bulk: the same counts, for every mean's table, from words spanning (0, 1) and its
     * top, where the head of the table ends and the walk goes on */
    const double means[] = {MU, 1e-3, 30.0, 300.0};
    enum { MANY = 4099 };
    static uint32_t hi[MANY], lo[MANY], many[MANY];
    for (size_t m = 0; m < sizeof means / sizeof *means; m++) {
        snn_poisson_table t;
        snn_poisson_table_init(&t, means[m]);
        for (uint32_t i = 0; i < MANY; i++) {
            hi[i] = i < MANY - 3 ? (uint32_t)(((uint64_t)i << 32) / (MANY - 3)) : UINT32_MAX;
            lo[i] = i * 2654435761u;
        }
        snn_poisson_table_draw_many(&t, hi, lo, MANY, many);
        int same_many = 1;
        for (uint32_t i = 0; i < MANY; i++)
            same_many &= many[i] == snn_poisson_table_draw(&t, snn_rng_open01(hi[i], lo[i]));
        CHECK(same_many, "counts in bulk equal one at a time, mean %g", means[m]);
    }
    /* added in bulk to sums: bitwise `if (count) sum += count * weight`, for sums at +0.0
     * (a ring's start), positive, negative, huge and NaN, and weights of either sign; and
     * some counts must be 0 and some not, or the test would not see the branch's work */
    enum { SUMS = 1031 };
    static double sums[SUMS], want[SUMS];
    static uint32_t counts_here[SUMS];
    uint64_t state = 77;
    for (uint32_t i = 0; i < SUMS; i++) {
        hi[i] = (uint32_t)test_next_u64(&state), lo[i] = (uint32_t)test_next_u64(&state);
    }
    const double weights[] = {87.81, -439.05, 1e-300};
    for (size_t w = 0; w < sizeof weights / sizeof *weights; w++) {
        snn_poisson_table t;
        snn_poisson_table_init(&t, MU);
        snn_poisson_table_draw_many(&t, hi, lo, SUMS, counts_here);
        uint32_t zeros = 0;
        for (uint32_t i = 0; i < SUMS; i++) {
            const double kinds[] = {0.0, 1e3 * test_uniform(&state), -1e3 * test_uniform(&state),
                                    1e300, NAN};
            sums[i] = want[i] = kinds[i % 5];
            if (counts_here[i]) want[i] += (double)counts_here[i] * weights[w];
            zeros += counts_here[i] == 0;
        }
        snn_poisson_table_add_many(&t, hi, lo, SUMS, weights[w], sums);
        int same_sums = 1;
        for (uint32_t i = 0; i < SUMS; i++)
            same_sums &= test_double_bits(sums[i]) == test_double_bits(want[i]);
        CHECK(same_sums && zeros > 0 && zeros < SUMS,
              "counts added in bulk equal the branch's sums, weight %g (%u zero counts)",
              weights[w], zeros);
    }
    /* and where most draws go beyond the head of the table (a mean of 30), so that the
     * walk's counts are added too */
    {
        snn_poisson_table t;
        snn_poisson_table_init(&t, 30.0);
        uint32_t walked = 0;
        for (uint32_t i = 0; i < SUMS; i++) { /* counts one at a time */
            const uint32_t count = snn_poisson_table_draw(&t, snn_rng_open01(hi[i], lo[i]));
            sums[i] = want[i] = 1e3 * test_uniform(&state);
            if (count) want[i] += (double)count * weights[0];
            walked += count >= t.head_n;
        }
        snn_poisson_table_add_many(&t, hi, lo, SUMS, weights[0], sums);
        int same_sums = 1;
        for (uint32_t i = 0; i < SUMS; i++)
            same_sums &= test_double_bits(sums[i]) == test_double_bits(want[i]);
        CHECK(same_sums && walked > 0, "counts beyond the head added in bulk (%u walked)", walked);
    }

    snn_poisson_table big; /* mean beyond the table: continues the recurrence */
    snn_poisson_table_init(&big, 300.0);
    CHECK(snn_poisson_table_draw(&big, 0.5) == snn_rng_poisson_inverse(0.5, 300.0, exp(-300.0)),
          "table continues past its end");

    /* uniform integers: chi-square over 9000 sources with 2.7e6 draws */
    enum { RANGE = 9000, DRAWS = 300 };
    static uint32_t counts[RANGE];
    for (uint64_t g = 0; g < RANGE; g++) {
        snn_rng_cursor c;
        snn_rng_cursor_init(&c, SEED, SNN_STREAM_SOURCES_E, g);
        for (int i = 0; i < DRAWS; i++)
            counts[snn_rng_cursor_below(&c, RANGE)]++;
    }
    const double expect = (double)DRAWS;
    double chi = 0;
    for (int i = 0; i < RANGE; i++)
        chi += (counts[i] - expect) * (counts[i] - expect) / expect;
    const double p_uniform = gsl_cdf_chisq_Q(chi, RANGE - 1);
    printf("uniform integers: chi-square %.1f on %d dof, p = %.3f\n", chi, RANGE - 1, p_uniform);
    CHECK(p_uniform > 0.001 && p_uniform < 0.999, "uniform integers: p %.4f", p_uniform);

    /* normal draws for the initial V_m */
    double s1 = 0, s2 = 0;
    for (uint64_t g = 0; g < 100000; g++) {
        const double v = snn_rng_normal(SEED, SNN_STREAM_INITIAL_VM, g, 5.7, 7.2);
        s1 += v;
        s2 += v * v;
    }
    const double m = s1 / 1e5, sd = sqrt(s2 / 1e5 - m * m);
    CHECK_NEAR(m, 5.7, 4 * 7.2 / sqrt(1e5), "initial V_m mean");
    CHECK_NEAR(sd, 7.2, 4 * 7.2 / sqrt(2e5), "initial V_m sd");
    return test_summary();
}
