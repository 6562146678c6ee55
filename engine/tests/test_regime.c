/* The network's dynamics, two sizes.
 *   small:  scale 0.1, indegrees scaled down by 10 and J_E up by sqrt(10) (so the input
 *           fluctuations keep their size): a sane, irregular regime within seconds.
 *   scale1: the seed's benchmark (scale 1, 50 + 250 ms, 2 threads): average_rate inside the
 *           spread of NEST's own runs (10.15 to 17.74 spikes/s, oracles/nest/README.md,
 *           widened by 10 %), and at most 8.5 bytes of peak RSS per synapse. */
#include <string.h>

#include "network_fixture.h"
#include "snn/iaf_psc_alpha.h"
#include "snn/stdp_pl_synapse.h"
#include "snn/sysinfo.h"
#include "testing.h"

typedef struct {
    double sum, sum2, min, max;
    uint64_t n, negative_or_nan;
} weight_stats;

static void weigh(void *ctx, uint32_t s, uint32_t t, float w, int plastic) {
    (void)s, (void)t;
    weight_stats *st = ctx;
    if (!plastic) return;
    if (!(w >= 0.0f)) st->negative_or_nan++;
    st->sum += w, st->sum2 += (double)w * w, st->n++;
    st->min = st->n == 1 || w < st->min ? w : st->min;
    st->max = st->n == 1 || w > st->max ? w : st->max;
}

static double rate_between(const snn_network *net, int64_t from, int64_t to) {
    const double seconds = (double)(to - from) * net->cfg.values.simulation.dt / 1000.0;
    return (double)snn_network_recorded_between(net, from, to) / ((double)net->d.nrec * seconds);
}

static void small(void) {
    const char *set[] = {"simulation.scale=0.1",
                         "network.CE=900",
                         "network.CI=225",
                         "network.JE=0.44272",
                         "simulation.threads=2",
                         "simulation.simtime=500",
                         NULL};
    snn_config cfg = fixture_config(set);
    snn_network net;
    fixture_run(&net, &cfg, 1);
    const int64_t end = net.step, start = net.d.presim_steps;
    const double rate = rate_between(&net, start, end);
    /* the busiest recorded neuron */
    uint32_t *per = calloc((size_t)net.d.N_E, sizeof *per);
    uint32_t busiest = 0;
    for (size_t i = 0; i < net.recorded.count; i++)
        if (++per[net.recorded.items[i].gid] > busiest) busiest = per[net.recorded.items[i].gid];
    const double busiest_rate = busiest / ((double)end * 0.1 / 1000.0);
    const double rate_I = (double)net.spikes_I / ((double)net.d.N_I * (double)end * 1e-4);
    weight_stats w = {0};
    snn_network_each_synapse(&net, weigh, &w);
    const double mean = w.sum / (double)w.n, sd = sqrt(w.sum2 / (double)w.n - mean * mean);
    printf("small: E rate %.2f /s, I rate %.2f /s, busiest %.1f /s, weights %.3f +- %.3f pA "
           "[%.2f, %.2f]\n",
           rate, rate_I, busiest_rate, mean, sd, w.min, w.max);
    CHECK(rate > 5 && rate < 60, "E rate %.2f spikes/s outside (5, 60)", rate);
    CHECK(rate_I > 5 && rate_I < 60, "I rate %.2f spikes/s outside (5, 60)", rate_I);
    CHECK(busiest_rate < 300, "a neuron fires at %.1f /s: near the refractory limit", busiest_rate);
    CHECK(w.negative_or_nan == 0, "%llu weights negative or NaN",
          (unsigned long long)w.negative_or_nan);
    CHECK(mean > 0.8 * net.d.J_E_pA && mean < 1.5 * net.d.J_E_pA, "mean weight %.3f pA", mean);
    CHECK(sd > 0.01 && sd < 0.2 * mean, "weight spread %.4f pA", sd);
    free(per);
    snn_network_free(&net);
}

/* The spike history: its memory must not grow with simulated time. A history keeps what
 * lies after forget_through, which trails the present by the horizon plus two windows, so
 * it never holds more than the spikes that fit into that span at the refractory limit. */
static uint32_t longest_history(const char *simtime, const char *horizon, uint32_t *bound) {
    const char *set[] = {
        "simulation.scale=0.1", "network.CE=900", "network.CI=225", "network.JE=0.44272",
        "simulation.threads=2", simtime,          horizon,          NULL};
    snn_config cfg = fixture_config(set);
    snn_network net;
    fixture_run(&net, &cfg, 1);
    const int64_t span = snn_stdp_pl_synapse_horizon_steps(&net) + 3 * (int64_t)net.d.delay_steps;
    snn_iaf_propagators q;
    snn_iaf_propagators_from_params(&cfg.values, &q);
    *bound = (uint32_t)(span / (q.refractory_steps + 1) + 2);
    const uint32_t longest = snn_stdp_pl_synapse_longest_history(&net);
    snn_network_free(&net);
    return longest;
}

static void bounded_history(void) {
    uint32_t bound_short, bound_long, bound_tight;
    const uint32_t h_short =
        longest_history("simulation.simtime=200", "simulation.history_horizon=200", &bound_short);
    const uint32_t h_long =
        longest_history("simulation.simtime=2000", "simulation.history_horizon=200", &bound_long);
    const uint32_t h_tight =
        longest_history("simulation.simtime=2000", "simulation.history_horizon=20", &bound_tight);
    printf("longest history: %u entries after 250 ms, %u after 2050 ms (bound %u); %u with a "
           "20 ms horizon (bound %u)\n",
           h_short, h_long, bound_long, h_tight, bound_tight);
    CHECK(h_long <= bound_long && h_short <= bound_short, "history exceeds its bound");
    CHECK(h_tight <= bound_tight, "history exceeds its bound with a short horizon");
    /* ten times the simulated time, not ten times the history (rates vary: allow 2x) */
    CHECK(h_long <= 2 * h_short + 4, "history grew with simulated time: %u -> %u", h_short, h_long);
    CHECK(h_tight < h_long, "a shorter horizon keeps less: %u vs %u", h_tight, h_long);
}

static void scale1(void) {
    const char *set[] = {"simulation.threads=2", NULL};
    snn_config cfg = fixture_config(set);
    snn_network net;
    fixture_run(&net, &cfg, 1);
    const double average_rate =
        (double)net.recorded.count / ((double)net.d.nrec * cfg.values.simulation.simtime / 1000.0);
    snn_sysinfo_memory_status m;
    snn_sysinfo_memory(&m);
    const double bytes = (double)m.vm_hwm_kb * 1024.0 / (double)net.d.synapses;
    weight_stats w = {0};
    snn_network_each_synapse(&net, weigh, &w);
    const double mean = w.sum / (double)w.n, sd = sqrt(w.sum2 / (double)w.n - mean * mean);
    printf("scale 1: average_rate %.3f spikes/s, peak RSS %.1f MB = %.2f bytes/synapse, "
           "E->E weights %.3f +- %.3f pA [%.2f, %.2f]\n",
           average_rate, m.vm_hwm_kb / 1024.0, bytes, mean, sd, w.min, w.max);
    CHECK(average_rate > 0.9 * 10.15 && average_rate < 1.1 * 17.74,
          "average_rate %.3f outside NEST's spread", average_rate);
    CHECK(bytes <= 8.5, "%.2f bytes per synapse", bytes);
    /* NEST, same protocol: mean 45.779, sd 0.359, min 43.82, max 48.50 */
    CHECK(mean > 45.0 && mean < 46.6, "mean E->E weight %.3f pA", mean);
    CHECK(sd > 0.1 && sd < 1.0, "sd of E->E weights %.3f pA", sd);
    snn_network_free(&net);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "scale1") == 0)
        scale1();
    else {
        small();
        bounded_history();
    }
    return test_summary();
}
