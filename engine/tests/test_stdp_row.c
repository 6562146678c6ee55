/* The vector row loops and catch-ups (AVX-512, AVX2) against the scalar ones, bit for bit: random
 * rows of plastic synapses (2- and 4-byte targets, lengths that are and are not multiples of eight,
 * repeated targets) whose targets have spiked 0 to 12 times since the source's done_through (six or
 * more: beyond the traces' stamps, the history's walk), sources just spiked, sources caught up
 * and sources at their first spike (Kplus 0: the loops are given the source as
 * snn_stdp_pre_for_walk gives it, the scalar rule the source itself), decays inside and beyond
 * the table, weights that pow_mu.h hands to pow (zero, subnormal, infinite, NaN, negative) and
 * weights at both edges of its tabulated products (2^-32 and 2^32, each side); for the model's mu
 * and two others. Every weight and every ring entry must have the scalar loop's bits, and each of
 * those cases must have occurred. Each vector loop the CPU can run is checked (AVX-512's with its
 * tables read by loads and by gathers); skipped (77) on a CPU with neither. */
#include <stdint.h>
#include <string.h>

#include "snn/stdp_row.h"
#include "testing.h"

#define TARGETS  300
#define DELAY    15
#define MOST_ROW 1100 /* a row of more than 1024 entries crosses the vector loops' chunks */

static snn_stdp_loops loops[3];
static unsigned n_loops;

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint32_t below(uint32_t n) {
    return (uint32_t)(test_next_u64(&rng_state) % n);
}
static double uniform(void) {
    return test_uniform(&rng_state);
}

static float random_weight(void) {
    switch (below(40)) {
    case 0:
        return 0.0f;
    case 1:
        return 1e-40f; /* subnormal */
    case 2:
        return INFINITY;
    case 3:
        return NAN;
    case 4:
        return -3.0f;
    case 5:
        return 1e30f;
    case 6: { /* the edges of pow_mu.h's products: the lowest and highest inside, and outside */
        static const float edge[4] = {0x1p-32f, 0x1.fffffep-33f, 0x1.fffffep31f, 0x1p32f};
        return edge[below(4)];
    }
    default:
        return (float)(200.0 * uniform());
    }
}

#define MOST_COUNTED 7
typedef struct {
    unsigned spikes_to_apply[MOST_COUNTED]; /* lanes with 0, 1, ..., 6 or more */
    unsigned beyond_table, special_weight, edge_weight, width[5], tails, long_rows;
    unsigned first_spike;   /* lanes with spikes to apply in rows of a source's first spike */
    unsigned groups_loaded; /* groups of eight within the 16 traces from the first's */
} coverage;

/* Histories and traces of TARGETS neurons firing at random up to stamp `now`. */
static void postsynaptic_side(const snn_stdp *rule, int32_t now, snn_stdp_history *history,
                              snn_stdp_post_trace *trace, snn_stdp_post_older *older) {
    for (uint32_t j = 0; j < TARGETS; j++) {
        snn_stdp_history_free(&history[j]);
        CHECK(snn_stdp_history_init(&history[j], 4) == 0, "history");
        snn_stdp_recent recent = snn_stdp_recent_none();
        const double rate = uniform() * 0.02; /* spikes per step */
        for (int32_t stamp = 1; stamp <= now; stamp++)
            CHECK(snn_stdp_post_step(&recent, &history[j], rule, stamp, uniform() < rate, INT32_MIN,
                                     &trace[j], &older[j]) == 0,
                  "post step");
    }
}

static unsigned spikes_after(const snn_stdp_history *h, int32_t done_through, int32_t through) {
    unsigned n = 0;
    for (uint32_t i = 0; i < h->count; i++) {
        const int32_t s = h->stamps[(h->start + i) & (h->cap - 1)];
        n += s > done_through && s <= through;
    }
    return n;
}

static void one_row(const snn_stdp *rule, const snn_stdp_history *history,
                    const snn_stdp_post_trace *trace, const snn_stdp_post_older *older, int32_t now,
                    coverage *seen) {
    /* the source: spiked at t_last (done_through = t_last - d), or was caught up further */
    snn_stdp_pre pre = {.kplus = below(6) == 0 ? 0.0 : 3.0 * uniform()};
    pre.t_last = below(8) == 0 ? now - (SNN_DECAY_TABLE + 1000) : now - (int32_t)below(400);
    pre.done_through = pre.t_last - DELAY + (below(3) == 0 ? (int32_t)below(300) : 0);
    const int32_t stamp = now + DELAY; /* its spike sees the targets as they were at now */

    const unsigned width = below(2) ? 2 : 4;
    const uint32_t n = below(25) == 0 ? 500 + below(MOST_ROW - 499) : below(121);
    uint16_t target16[MOST_ROW];
    uint32_t target32[MOST_ROW];
    float weight[2][MOST_ROW], initial[MOST_ROW];
    static double ring[2][TARGETS];
    /* half the rows as the engine's, sorted and dense (a target often twice in a row, most
     * groups of eight within a few cache lines of traces), half in random order */
    const int dense = below(2);
    uint32_t next_dense = below(TARGETS);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t j = k > 0 && below(6) == 0 ? target32[k - 1] : below(TARGETS);
        if (dense) {
            next_dense += below(3) == 0 ? below(3) : 0;
            j = next_dense < TARGETS ? next_dense : TARGETS - 1;
        }
        target16[k] = (uint16_t)j, target32[k] = j;
        weight[0][k] = weight[1][k] = initial[k] = random_weight();
        const unsigned applied = spikes_after(&history[j], pre.done_through, now);
        seen->spikes_to_apply[applied < MOST_COUNTED ? applied : MOST_COUNTED - 1]++;
        seen->first_spike += applied > 0 && pre.kplus == 0.0;
        seen->beyond_table +=
            applied > 0 && trace[j].latest + DELAY - pre.t_last >= SNN_DECAY_TABLE;
        seen->special_weight += applied > 0 && !(weight[0][k] > 1e-30f && weight[0][k] < 1e30f);
        seen->edge_weight += applied > 0 && weight[0][k] > 1e-30f && weight[0][k] < 1e30f &&
                             (weight[0][k] < 0x1p-31f || weight[0][k] >= 0x1p31f);
    }
    seen->width[width]++;
    seen->tails += n % 8 != 0;
    seen->long_rows += n > 1024;
    for (uint32_t k = 0; k + 8 <= n; k += 8) {
        int within = 1;
        for (uint32_t i = k; i < k + 8; i++)
            within &= target32[i] >= target32[k] && target32[i] - target32[k] <= 15;
        seen->groups_loaded += within;
    }
    static double ring_before[TARGETS];
    for (uint32_t j = 0; j < TARGETS; j++)
        ring[0][j] = ring_before[j] = 100.0 * uniform();

    snn_stdp_row row = {.rule = rule,
                        .history = history,
                        .post = trace,
                        .older = older,
                        .pre = &pre,
                        .stamp = stamp,
                        .target = width == 2 ? (const void *)target16 : (const void *)target32,
                        .width = width};
    row.weight = weight[0], row.ring_ex = ring[0];
    snn_stdp_row_scalar(&row, 0, n);
    float caught_up[2][MOST_ROW]; /* the catch-up of the same row from the same weights */
    for (uint32_t k = 0; k < n; k++)
        caught_up[0][k] = initial[k];
    row.weight = caught_up[0], row.ring_ex = NULL;
    snn_stdp_catch_up_scalar(&row, 0, n);

    /* the loops see a spike's source as the engine gives it to them; the catch-up's sources
     * all have Kplus > 0 (stdp_pl_synapse.c), so its rows take the source as it is */
    const snn_stdp_pre walk = snn_stdp_pre_for_walk(&pre);
    for (unsigned v = 0; v < n_loops; v++) {
        for (uint32_t k = 0; k < n; k++)
            weight[1][k] = caught_up[1][k] = initial[k];
        memcpy(ring[1], ring_before, sizeof ring_before);
        row.weight = weight[1], row.ring_ex = ring[1], row.pre = &walk;
        loops[v].row(&row, 0, n);
        row.weight = caught_up[1], row.ring_ex = NULL, row.pre = &pre;
        loops[v].catch_up(&row, 0, n);
        unsigned caught_up_differ = 0;
        for (uint32_t k = 0; k < n; k++)
            caught_up_differ +=
                test_float_bits(caught_up[0][k]) != test_float_bits(caught_up[1][k]);
        CHECK(caught_up_differ == 0,
              "%s catch-up of a row of %u, %u-byte targets: %u weights differ", loops[v].name, n,
              width, caught_up_differ);
        unsigned weights_differ = 0, ring_differs = 0;
        for (uint32_t k = 0; k < n; k++)
            weights_differ += test_float_bits(weight[0][k]) != test_float_bits(weight[1][k]);
        for (uint32_t j = 0; j < TARGETS; j++)
            ring_differs += test_double_bits(ring[0][j]) != test_double_bits(ring[1][j]);
        CHECK(weights_differ == 0 && ring_differs == 0,
              "%s row of %u, %u-byte targets, done_through %d, t_last %d, Kplus %g: %u weights and "
              "%u ring entries differ",
              loops[v].name, n, width, pre.done_through, pre.t_last, pre.kplus, weights_differ,
              ring_differs);
    }
}

int main(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    const snn_stdp_row_fn picked = snn_stdp_loops_pick(TARGETS).row;
    if (picked == snn_stdp_row_avx512 || picked == snn_stdp_row_avx512_gather) {
        /* both ways of reading the tables, whichever this CPU is given */
        loops[n_loops++] =
            (snn_stdp_loops){"avx512", snn_stdp_row_avx512, snn_stdp_catch_up_avx512};
        loops[n_loops++] = (snn_stdp_loops){"avx512-gathers", snn_stdp_row_avx512_gather,
                                            snn_stdp_catch_up_avx512_gather};
    }
    if (__builtin_cpu_supports("avx2"))
        loops[n_loops++] = (snn_stdp_loops){"avx2", snn_stdp_row_avx2, snn_stdp_catch_up_avx2};
#endif
    if (n_loops == 0) {
        printf("neither AVX-512 nor AVX2 on this CPU: the scalar loop runs alone\n");
        return 77;
    }
    for (unsigned v = 0; v < n_loops; v++)
        printf("comparing the %s loops with the scalar ones\n", loops[v].name);
    const double mus[] = {0.4, 0.0, 1.0};
    static snn_stdp_history history[TARGETS];
    static snn_stdp_post_trace trace[TARGETS];
    static snn_stdp_post_older older[TARGETS];
    coverage seen;
    memset(&seen, 0, sizeof seen);
    for (size_t m = 0; m < sizeof mus / sizeof *mus; m++) {
        snn_stdp rule;
        snn_stdp_init(&rule, 0.1, 0.0513, mus[m], 15.0, 30.0, 0.1, DELAY);
        for (int round = 0; round < 4; round++) {
            const int32_t now = 1000 + 500 * round;
            postsynaptic_side(&rule, now, history, trace, older);
            for (int r = 0; r < 500; r++)
                one_row(&rule, history, trace, older, now, &seen);
        }
    }
    for (uint32_t j = 0; j < TARGETS; j++)
        snn_stdp_history_free(&history[j]);
    printf("lanes with 0/1/2/3/4/5/6+ spikes to apply: %u %u %u %u %u %u %u; beyond the decay "
           "table %u; special weights %u, at the edges of the products %u; rows with 2/4-byte "
           "targets %u %u, with a tail %u, "
           "of more than 1024 entries %u; "
           "groups within 16 traces %u; lanes with spikes to apply at a first spike %u\n",
           seen.spikes_to_apply[0], seen.spikes_to_apply[1], seen.spikes_to_apply[2],
           seen.spikes_to_apply[3], seen.spikes_to_apply[4], seen.spikes_to_apply[5],
           seen.spikes_to_apply[6], seen.beyond_table, seen.special_weight, seen.edge_weight,
           seen.width[2], seen.width[4], seen.tails, seen.long_rows, seen.groups_loaded,
           seen.first_spike);
    for (int a = 0; a < MOST_COUNTED; a++)
        CHECK(seen.spikes_to_apply[a] > 100, "lanes with %d spikes to apply: %u", a,
              seen.spikes_to_apply[a]);
    CHECK(seen.beyond_table > 100 && seen.special_weight > 100 && seen.edge_weight > 100,
          "decays beyond the table %u, special weights %u, weights at the edges %u",
          seen.beyond_table, seen.special_weight, seen.edge_weight);
    CHECK(seen.groups_loaded > 1000, "groups within 16 traces: %u", seen.groups_loaded);
    CHECK(seen.first_spike > 1000, "lanes with spikes to apply at a first spike: %u",
          seen.first_spike);
    CHECK(seen.width[2] > 100 && seen.width[4] > 100 && seen.tails > 100 && seen.long_rows > 10,
          "widths, tails and long rows: %u %u %u %u", seen.width[2], seen.width[4], seen.tails,
          seen.long_rows);
    return test_summary();
}
