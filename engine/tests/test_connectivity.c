/* Fixed-indegree connectivity: exact in-degrees, no autapses, sources uniform (chi-square),
 * multapses as often as chance makes them, the same network for 1, 2 and 3 threads, and the
 * very network its definition draws: for each target, cursor draws on its streams with
 * autapses redrawn (the build draws its blocks in bulk). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <string.h>

#include "network_fixture.h"
#include "testing.h"

typedef struct {
    uint32_t n;
    uint16_t *count; /* [target][source] synapse count */
    uint64_t plastic, statics, bad_weight;
    double J_E, J_I;
    uint32_t n_E;
    uint64_t seed;
} adjacency;

static void visit(void *ctx, uint32_t s, uint32_t t, float w, int plastic) {
    adjacency *a = ctx;
    a->count[(size_t)t * a->n + s]++;
    const int from_E = s < a->n_E, to_E = t < a->n_E;
    if (plastic)
        a->plastic++;
    else
        a->statics++;
    const float want = from_E ? (float)a->J_E : (float)a->J_I;
    a->bad_weight += (plastic != (from_E && to_E)) || w != want;
}

static adjacency adjacency_of(int threads) {
    char threads_set[64];
    snprintf(threads_set, sizeof threads_set, "simulation.threads=%d", threads);
    const char *set[] = {"simulation.scale=0.1", "network.CE=400", "network.CI=100", threads_set,
                         NULL};
    snn_config cfg = fixture_config(set);
    snn_network net;
    fixture_run(&net, &cfg, 0);
    adjacency a = {.n = (uint32_t)net.d.N,
                   .n_E = (uint32_t)net.d.N_E,
                   .J_E = net.d.J_E_pA,
                   .J_I = net.d.J_I_pA,
                   .seed = (uint64_t)net.cfg.values.simulation.seed};
    a.count = calloc((size_t)a.n * a.n, sizeof *a.count);
    snn_network_each_synapse(&net, visit, &a);
    snn_network_free(&net);
    return a;
}

/* The network by its definition, draw by draw from a cursor. */
static int equals_cursor_draws(const adjacency *a, uint32_t CE, uint32_t CI) {
    uint16_t *count = calloc((size_t)a->n * a->n, sizeof *count);
    for (uint32_t t = 0; t < a->n; t++) {
        snn_rng_cursor c;
        snn_rng_cursor_init(&c, a->seed, SNN_STREAM_SOURCES_E, t);
        for (uint32_t k = 0; k < CE;) {
            const uint32_t s = snn_rng_cursor_below(&c, a->n_E);
            if (s != t) count[(size_t)t * a->n + s]++, k++;
        }
        snn_rng_cursor_init(&c, a->seed, SNN_STREAM_SOURCES_I, t);
        for (uint32_t k = 0; k < CI;) {
            const uint32_t s = a->n_E + snn_rng_cursor_below(&c, a->n - a->n_E);
            if (s != t) count[(size_t)t * a->n + s]++, k++;
        }
    }
    const int same = memcmp(count, a->count, (size_t)a->n * a->n * sizeof *count) == 0;
    free(count);
    return same;
}

int main(void) {
    adjacency a = adjacency_of(1);
    const uint32_t n = a.n, n_E = a.n_E, CE = 400, CI = 100;
    CHECK(n == 1125 && n_E == 900, "sizes %u %u", n, n_E);
    CHECK(a.plastic == (uint64_t)n_E * CE, "plastic synapses %llu", (unsigned long long)a.plastic);
    CHECK(a.statics == (uint64_t)(n - n_E) * CE + (uint64_t)n * CI, "static synapses");
    CHECK(a.bad_weight == 0, "%llu synapses with a wrong weight or kind",
          (unsigned long long)a.bad_weight);

    uint32_t wrong_indegree = 0, autapses = 0;
    uint64_t multapse_pairs_E = 0;
    static uint64_t per_source[1125];
    for (uint32_t t = 0; t < n; t++) {
        uint32_t from_E = 0, from_I = 0;
        for (uint32_t s = 0; s < n; s++) {
            const uint16_t c = a.count[(size_t)t * n + s];
            if (s < n_E)
                from_E += c;
            else
                from_I += c;
            if (s == t) autapses += c;
            if (s < n_E && t < n_E && c >= 2) multapse_pairs_E++;
            if (s < n_E) per_source[s] += c;
        }
        wrong_indegree += from_E != CE || from_I != CI;
    }
    CHECK(wrong_indegree == 0, "%u targets with a wrong in-degree", wrong_indegree);
    CHECK(equals_cursor_draws(&a, CE, CI), "the network is the one cursor draws define");
    CHECK(autapses == 0, "%u autapses", autapses);

    /* E sources: each target draws CE times from N_E - 1 (itself excluded) or N_E */
    double expect_src = 0;
    for (uint32_t s = 0; s < n_E; s++)
        expect_src += per_source[s];
    expect_src /= n_E;
    double chi2 = 0;
    for (uint32_t s = 0; s < n_E; s++)
        chi2 += (per_source[s] - expect_src) * (per_source[s] - expect_src) / expect_src;
    const double p = gsl_cdf_chisq_Q(chi2, n_E - 1);
    printf("E sources: chi-square %.1f on %u dof, p = %.3f\n", chi2, n_E - 1, p);
    CHECK(p > 0.001 && p < 0.999, "source choice uniform: p = %.4f", p);

    /* multapses E->E: a pair (target, source) gets Binomial(CE, 1/(N_E - 1)) synapses */
    const double p2 = 1.0 - gsl_cdf_binomial_P(1, 1.0 / (n_E - 1), CE);
    const double expect_multi = (double)n_E * (n_E - 1) * p2;
    printf("E->E multapse pairs %llu, expected %.1f\n", (unsigned long long)multapse_pairs_E,
           expect_multi);
    CHECK_NEAR((double)multapse_pairs_E, expect_multi, 5 * sqrt(expect_multi), "multapse pairs");

    /* the same network for 2 and 3 threads */
    for (int threads = 2; threads <= 3; threads++) {
        adjacency b = adjacency_of(threads);
        CHECK(memcmp(a.count, b.count, (size_t)n * n * sizeof *a.count) == 0,
              "network with %d threads differs from 1 thread", threads);
        free(b.count);
    }
    free(a.count);
    return test_summary();
}
