/* Same seed, 1, 2 and 3 threads, a run split into odd pieces, and target indices of 4 bytes
 * where 2 would do, the scalar E->E row loop where the CPU has AVX-512, the E->E rows and the
 * catch-up delivered in small blocks of targets: every spike and every final weight bitwise
 * identical.
 * A short history horizon makes the catch-up of silent sources happen often. */
#include <string.h>

#include "network_fixture.h"
#include "testing.h"

typedef struct {
    uint32_t s, t;
    uint32_t w_bits;
} weight_entry;

typedef struct {
    weight_entry *items;
    size_t count;
} weight_set;

static void collect(void *ctx, uint32_t s, uint32_t t, float w, int plastic) {
    weight_set *set = ctx;
    if (!plastic) return;
    uint32_t bits;
    memcpy(&bits, &w, sizeof bits);
    set->items[set->count++] = (weight_entry){s, t, bits};
}

static int by_pair(const void *a, const void *b) {
    const weight_entry *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    return x->w_bits < y->w_bits ? -1 : x->w_bits > y->w_bits;
}

typedef struct {
    snn_spike *spikes;
    size_t n_spikes;
    uint64_t spikes_I;
    weight_set weights;
} outcome;

/* Simulates in pieces of these many steps (0 ends the list): where a run is split must not
 * matter. */
static const int64_t one_piece[] = {0};
static const int64_t odd_pieces[] = {7, 100, 33, 1, 250, 0};

static outcome run(int threads, const int64_t *pieces, int wide_targets, int scalar_rows,
                   uint32_t block_targets) {
    char threads_set[64];
    snprintf(threads_set, sizeof threads_set, "simulation.threads=%d", threads);
    const char *set[] = {"simulation.scale=0.1",
                         "network.CE=900",
                         "network.CI=225",
                         "simulation.nrec=900",
                         "simulation.presimtime=50",
                         "simulation.simtime=150.3",
                         "simulation.history_horizon=5",
                         threads_set,
                         NULL};
    snn_config cfg = fixture_config(set);
    snn_network net;
    char err[256];
    if (snn_network_create(&net, &cfg, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "create: %s\n", err);
        exit(2);
    }
    net.wide_targets = wide_targets;
    net.scalar_rows = scalar_rows;
    net.block_targets = block_targets;
    CHECK(snn_network_connect(&net, err, sizeof err) == SNN_OK, "connect: %s", err);
    for (int v = 0; v < net.n_local_vp; v++)
        CHECK(net.vps[v].target_width == (wide_targets ? 4u : 2u), "VP %d: %u-byte targets", v,
              net.vps[v].target_width);
    int64_t left = net.d.presim_steps + net.d.sim_steps;
    for (const int64_t *p = pieces; *p && left > 0; p++) {
        const int64_t n = *p < left ? *p : left;
        CHECK(snn_network_simulate(&net, n, err, sizeof err) == 0, "%s", err);
        left -= n;
    }
    CHECK(snn_network_simulate(&net, left, err, sizeof err) == 0, "%s", err);
    outcome o = {.n_spikes = net.recorded.count, .spikes_I = net.spikes_I};
    o.spikes = malloc(o.n_spikes * sizeof *o.spikes);
    memcpy(o.spikes, net.recorded.items, o.n_spikes * sizeof *o.spikes);
    o.weights.items = malloc(net.d.synapses_plastic * sizeof *o.weights.items);
    snn_network_each_synapse(&net, collect, &o.weights);
    qsort(o.weights.items, o.weights.count, sizeof *o.weights.items, by_pair);
    snn_network_free(&net);
    return o;
}

int main(void) {
    outcome one = run(1, one_piece, 0, 0, 0);
    printf("1 thread: %zu E spikes, %llu I spikes, %zu plastic weights\n", one.n_spikes,
           (unsigned long long)one.spikes_I, one.weights.count);
    CHECK(one.n_spikes > 1000, "enough activity to test: %zu spikes", one.n_spikes);
    size_t changed = 0;
    for (size_t i = 0; i < one.weights.count; i++) {
        float w;
        memcpy(&w, &one.weights.items[i].w_bits, sizeof w);
        changed += fabsf(w - 45.6096f) > 1e-3f;
    }
    CHECK(changed > one.weights.count / 2, "STDP changed most weights: %zu of %zu", changed,
          one.weights.count);
    for (int threads = 1; threads <= 7; threads++) {
        /* 2 and 3 threads in one piece; 1 thread split into odd pieces; "4": 2 threads with
         * 4-byte target indices; "5": 2 threads with the scalar E->E row loop (the others
         * run the AVX-512 one where the CPU has it); "6" and "7": the E->E rows delivered
         * in blocks of 40 targets at 2 threads (12 blocks per VP; the default's blocks hold
         * all 450 of a VP's E targets here), and of 7 with the scalar loop at 3 threads */
        outcome other = threads == 4   ? run(2, one_piece, 1, 0, 0)
                        : threads == 5 ? run(2, one_piece, 0, 1, 0)
                        : threads == 6 ? run(2, one_piece, 0, 0, 40)
                        : threads == 7
                            ? run(3, one_piece, 0, 1, 7)
                            : run(threads, threads == 1 ? odd_pieces : one_piece, 0, 0, 0);
        char what[64];
        if (threads == 4)
            snprintf(what, sizeof what, "2 threads, 4-byte targets");
        else if (threads == 5)
            snprintf(what, sizeof what, "2 threads, scalar row loop");
        else if (threads == 6)
            snprintf(what, sizeof what, "2 threads, blocks of 40 targets");
        else if (threads == 7)
            snprintf(what, sizeof what, "3 threads, blocks of 7 targets, scalar row loop");
        else
            snprintf(what, sizeof what, "%d threads", threads);
        CHECK(other.n_spikes == one.n_spikes && other.spikes_I == one.spikes_I,
              "%s: %zu E / %llu I spikes, 1 thread %zu / %llu", what, other.n_spikes,
              (unsigned long long)other.spikes_I, one.n_spikes, (unsigned long long)one.spikes_I);
        CHECK(other.n_spikes == one.n_spikes &&
                  memcmp(other.spikes, one.spikes, one.n_spikes * sizeof *one.spikes) == 0,
              "%s: spike trains differ", what);
        CHECK(other.weights.count == one.weights.count &&
                  memcmp(other.weights.items, one.weights.items,
                         one.weights.count * sizeof *one.weights.items) == 0,
              "%s: final weights differ", what);
        free(other.spikes);
        free(other.weights.items);
    }
    free(one.spikes);
    free(one.weights.items);
    return test_summary();
}
