/* stdp_pl_synapse_hom against NEST 3.9 (oracles/nest/stdp_pl_synapse_hom_*): the weight
 * after every presynaptic spike to 1e-6 relative, and the final weight. The synapse is
 * driven through the same calls the network engine makes: snn_stdp_post_step for every step of
 * the postsynaptic neuron, a ring of its results two delays long, snn_stdp_on_pre_spike at
 * each presynaptic spike with the source's side as a row's walk sees it
 * (snn_stdp_pre_for_walk). Three variants: weights kept in double; kept in float as in the
 * network; and float with a catch-up after every step (the bounded-history path). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "oracle_csv.h"
#include "snn/stdp.h"
#include "testing.h"

#define H     0.1
#define DELAY 15 /* 1.5 ms */
#define STEPS 3200

typedef enum { KEEP_DOUBLE, KEEP_FLOAT, KEEP_FLOAT_CATCH_UP } variant;

static void run(const oracle_table *pre, const oracle_table *post, const oracle_table *weights,
                variant v, const char *what) {
    static snn_stdp p;
    snn_stdp_init(&p, 0.1, 0.0513, 0.4, 15.0, 30.0, H, DELAY);
    snn_stdp_pre pre_state;
    snn_stdp_pre_init(&p, &pre_state);
    snn_stdp_history hist;
    CHECK(snn_stdp_history_init(&hist, 2) == 0, "history alloc");
    snn_stdp_recent recent = snn_stdp_recent_none();

    bool post_at[STEPS + 2] = {false}, pre_at[STEPS + 2] = {false};
    for (size_t i = 0; i < post->rows; i++)
        post_at[lround(oracle_at(post, i, 0) / H)] = true;
    for (size_t i = 0; i < pre->rows; i++)
        pre_at[lround(oracle_at(pre, i, 0) / H)] = true;

    snn_stdp_post_trace ring[2 * DELAY];
    for (int i = 0; i < 2 * DELAY; i++)
        ring[i] = snn_stdp_post_trace_none();

    double w = 45.6; /* the oracle's initial weight */
    size_t k = 0;
    double max_rel = 0;
    for (int32_t stamp = 1; stamp <= STEPS; stamp++) {
        const int slot = stamp % (2 * DELAY);
        /* history kept: one step only in the catch-up variant, to exercise forgetting */
        const int32_t forget = v == KEEP_FLOAT_CATCH_UP ? stamp - 2 * DELAY - 1 : INT32_MIN;
        CHECK(snn_stdp_post_step(&recent, &hist, &p, stamp, post_at[stamp], forget, &ring[slot],
                                 NULL) == 0,
              "post step");
        if (pre_at[stamp]) {
            const int back = (stamp - DELAY) % (2 * DELAY);
            const snn_stdp_post_trace none = snn_stdp_post_trace_none();
            const snn_stdp_post_trace trace = stamp - DELAY >= 1 ? ring[back] : none;
            const snn_stdp_pre seen = snn_stdp_pre_for_walk(&pre_state);
            w = snn_stdp_on_pre_spike(&p, &hist, &seen, stamp, trace, w);
            if (v != KEEP_DOUBLE) w = (float)w;
            snn_stdp_pre_spiked(&p, &pre_state, stamp);
            if (k < weights->rows) {
                CHECK(lround(oracle_at(weights, k, 0) / H) == stamp, "%s: event %zu time", what, k);
                const double want = oracle_at(weights, k, 1);
                max_rel = fmax(max_rel, fabs(w - want) / want);
                CHECK_REL(w, want, 1e-6, what);
            }
            k++;
        }
        if (v == KEEP_FLOAT_CATCH_UP) {
            /* what the engine does at the end of a window for a long-silent source */
            const int32_t through = stamp + 1 - DELAY;
            if (through > pre_state.done_through) {
                w = (float)snn_stdp_facilitate_through(&p, &hist, &pre_state, through, w);
                pre_state.done_through = through;
            }
        }
    }
    CHECK(k == weights->rows, "%s: %zu presynaptic events, NEST %zu", what, k, weights->rows);
    CHECK_REL(w, 49.64320466574827, 1e-6, "final weight (NEST GetConnections)");
    printf("%-22s events %zu  final w %.12f  max rel err %.3g\n", what, k, w, max_rel);
    snn_stdp_history_free(&hist);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "../shared/oracles/nest";
    oracle_table pre, post, weights;
    if (oracle_read(dir, "stdp_pl_synapse_hom_pre_spikes.csv", &pre) ||
        oracle_read(dir, "stdp_pl_synapse_hom_post_spikes.csv", &post) ||
        oracle_read(dir, "stdp_pl_synapse_hom_weights.csv", &weights)) {
        CHECK(0, "oracles unreadable in %s", dir);
        return test_summary();
    }
    CHECK(pre.rows == 34 && post.rows == 33, "34 pre and 33 post spikes, got %zu and %zu", pre.rows,
          post.rows);
    run(&pre, &post, &weights, KEEP_DOUBLE, "double weights");
    run(&pre, &post, &weights, KEEP_FLOAT, "float weights");
    run(&pre, &post, &weights, KEEP_FLOAT_CATCH_UP, "float, catch-up");

    /* The rule's two formulas by themselves */
    static snn_stdp p;
    snn_stdp_init(&p, 0.1, 0.0513, 0.4, 15.0, 30.0, H, DELAY);
    CHECK_REL(snn_stdp_facilitate(&p, 45.0, 0.5), 45.0 + 0.1 * pow(45.0, 0.4) * 0.5, 1e-9,
              "facilitate");
    CHECK_REL(snn_stdp_depress(&p, 45.0, 0.5), 45.0 - 0.1 * 0.0513 * 45.0 * 0.5, 1e-15, "depress");
    CHECK(snn_stdp_depress(&p, 45.0, 1000.0) == 0.0, "depression clips at 0");
    oracle_free(&pre);
    oracle_free(&post);
    oracle_free(&weights);
    return test_summary();
}
