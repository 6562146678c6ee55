/* The E->E synapse models behind the seam: static_synapse is the plastic network with its
 * learning rate at 0, so the two must give the same spikes, bit for bit, for any thread
 * count; its synapses all carry the stored initial weight; it holds 4 bytes less per E->E
 * synapse and no plasticity state; and the parameter and the scenario select it. */
#include <math.h>
#include <string.h>

#include "network_fixture.h"
#include "snn/models.h"
#include "snn/simulation.h"
#include "snn/weights.h"
#include "testing.h"

typedef struct {
    snn_spike *spikes;
    size_t n;
    uint64_t spikes_I, events;
    double *V_m; /* every neuron's membrane potential at the end, by gid */
} spikes_of_run;

static snn_config config(const char *model, const char *lambda, int threads) {
    char threads_set[64];
    snprintf(threads_set, sizeof threads_set, "simulation.threads=%d", threads);
    const char *set[] = {"simulation.scale=0.1",
                         "network.CE=900",
                         "network.CI=225",
                         "network.JE=0.44272",
                         "simulation.simtime=300",
                         threads_set,
                         model,
                         lambda,
                         NULL};
    return fixture_config(set);
}

static spikes_of_run run(const snn_config *cfg, snn_network *net) {
    fixture_run(net, cfg, 1);
    spikes_of_run r = {
        .n = net->recorded.count, .spikes_I = net->spikes_I, .events = snn_network_events(net)};
    r.spikes = malloc((r.n + 1) * sizeof *r.spikes);
    memcpy(r.spikes, net->recorded.items, r.n * sizeof *r.spikes);
    r.V_m = malloc((size_t)net->d.N * sizeof *r.V_m);
    for (int v = 0; v < net->n_vp; v++)
        for (uint32_t j = 0; j < net->vps[v].n_local; j++)
            r.V_m[snn_vp_gid(net, &net->vps[v], j)] =
                net->neuron->potential(net->vps[v].neurons, j);
    return r;
}

typedef struct {
    uint64_t ee, other, ee_wrong_weight, ee_plastic;
    float J_E;
    uint32_t n_E;
} census;

static void count(void *ctx, uint32_t s, uint32_t t, float w, int plastic) {
    census *c = ctx;
    if (s < c->n_E && t < c->n_E) {
        c->ee++;
        c->ee_wrong_weight += w != c->J_E;
        c->ee_plastic += plastic;
    } else {
        c->other++;
    }
}

static void same_spikes(const spikes_of_run *a, const spikes_of_run *b, size_t n_neurons,
                        const char *what) {
    CHECK(memcmp(a->V_m, b->V_m, n_neurons * sizeof *a->V_m) == 0,
          "%s: membrane potentials differ at the end", what);
    CHECK(a->n == b->n && a->spikes_I == b->spikes_I && a->events == b->events &&
              memcmp(a->spikes, b->spikes, a->n * sizeof *a->spikes) == 0,
          "%s: %zu vs %zu E spikes, %llu vs %llu I spikes, %llu vs %llu events", what, a->n, b->n,
          (unsigned long long)a->spikes_I, (unsigned long long)b->spikes_I,
          (unsigned long long)a->events, (unsigned long long)b->events);
}

static void static_is_plastic_without_learning(void) {
    const snn_config plastic0 =
        config("network.ee_synapse=stdp_pl_synapse_hom", "stdp.lambda=0", 2);
    spikes_of_run reference;
    snn_network net;
    reference = run(&plastic0, &net);
    CHECK(net.ee == &snn_stdp_pl_synapse_model, "stdp_pl_synapse_hom selected by name");
    snn_network_free(&net);
    CHECK(reference.n > 1000, "the network fires (%zu recorded E spikes)", reference.n);

    for (int threads = 1; threads <= 3; threads++) {
        const snn_config cfg =
            config("network.ee_synapse=static_synapse", "stdp.lambda=0.1", threads);
        spikes_of_run r = run(&cfg, &net);
        char what[64];
        snprintf(what, sizeof what, "static_synapse, %d threads", threads);
        CHECK(net.ee == &snn_static_synapse_model, "%s selected", what);
        same_spikes(&reference, &r, (size_t)net.d.N, what);

        census c = {.J_E = (float)net.d.J_E_pA, .n_E = (uint32_t)net.d.N_E};
        snn_network_each_synapse(&net, count, &c);
        CHECK(c.ee == (uint64_t)net.d.N_E * (uint64_t)net.d.CE && c.ee + c.other == net.d.synapses,
              "%s: %llu E->E of %llu synapses", what, (unsigned long long)c.ee,
              (unsigned long long)(c.ee + c.other));
        CHECK(c.ee_wrong_weight == 0 && c.ee_plastic == 0,
              "%s: %llu E->E synapses not at the stored J_E, %llu plastic", what,
              (unsigned long long)c.ee_wrong_weight, (unsigned long long)c.ee_plastic);
        CHECK(net.d.synapses_plastic == 0, "%s: no synapse stores a weight", what);
        for (int v = 0; v < net.n_vp; v++)
            CHECK(!net.vps[v].ee_weight && !net.vps[v].ee_state && net.vps[v].ee_target,
                  "%s: VP %d holds targets only, no plasticity state", what, v);

        snn_weight_snapshot w;
        CHECK(snn_weight_snapshot_take(&net, 100, net.d.weight_max, 0, &w) == SNN_OK, "snapshot");
        CHECK(w.count == c.ee && w.std == 0 && w.min == c.J_E && w.max == c.J_E &&
                  w.mean == (double)c.J_E && w.clipped_at_zero == 0,
              "%s: weight histogram of %llu at J_E (mean %.9g, std %g)", what,
              (unsigned long long)w.count, w.mean, w.std);
        snn_weight_snapshot_free(&w);
        float sample[16];
        CHECK(snn_weight_sample(&net, 16, sample) == SNN_OK, "weight sample");
        for (int i = 0; i < 16; i++)
            CHECK(sample[i] == c.J_E, "%s: sampled weight %d = %g", what, i, (double)sample[i]);
        snn_network_free(&net);
        free(r.spikes), free(r.V_m);
    }
    free(reference.spikes), free(reference.V_m);
}

/* The plastic default does learn: the same network with lambda > 0 leaves J_E behind. */
static void plastic_default_learns(void) {
    snn_config cfg = config("simulation.seed=12345", "stdp.lambda=0.1", 2);
    CHECK(cfg.values.network.ee_synapse == SNN_EE_STDP_PL, "stdp_pl_synapse_hom is the default");
    snn_network net;
    spikes_of_run r = run(&cfg, &net);
    snn_weight_snapshot w;
    CHECK(snn_weight_snapshot_take(&net, 100, net.d.weight_max, 0, &w) == SNN_OK, "snapshot");
    CHECK(w.std > 0.01, "plastic weights spread (std %g pA)", w.std);
    snn_weight_snapshot_free(&w);
    snn_network_free(&net);
    free(r.spikes), free(r.V_m);
}

/* A snapshot of weights as built is counted without reading them: bit for bit the one that
 * reads every weight; after a single step it reads them again. */
static void snapshot_as_built_equals_streamed(void) {
    snn_config cfg = config("simulation.seed=12345", "stdp.lambda=0.1", 2);
    snn_network net;
    fixture_run(&net, &cfg, 0);
    CHECK(net.vps[0].weights_as_built && net.vps[1].weights_as_built, "weights as built");
    snn_weight_snapshot known, streamed;
    snn_weight_snapshot_take(&net, 100, net.d.weight_max, 0, &known);
    net.vps[0].weights_as_built = net.vps[1].weights_as_built = 0;
    snn_weight_snapshot_take(&net, 100, net.d.weight_max, 0, &streamed);
    CHECK(known.count == streamed.count && known.mean == streamed.mean &&
              known.std == streamed.std && known.min == streamed.min && known.max == streamed.max &&
              known.clipped_at_zero == streamed.clipped_at_zero &&
              known.above_range == streamed.above_range &&
              memcmp(known.bins, streamed.bins, 100 * sizeof *known.bins) == 0,
          "snapshot as built equals the one that reads every weight (%llu weights)",
          (unsigned long long)streamed.count);
    net.vps[0].weights_as_built = net.vps[1].weights_as_built = 1;
    char err[256];
    CHECK(snn_network_simulate(&net, 1, err, sizeof err) == SNN_OK, "one step");
    CHECK(!net.vps[0].weights_as_built && !net.vps[1].weights_as_built,
          "after a step the weights are read again");
    snn_weight_snapshot_free(&known), snn_weight_snapshot_free(&streamed);
    snn_network_free(&net);
}

/* The memory bill is the sum of the parts: the static model saves 4 bytes per E->E
 * synapse and the whole plasticity state. */
static void memory_is_the_sum_of_the_models(void) {
    const snn_config plastic = config("network.ee_synapse=0", "stdp.lambda=0.1", 4);
    const snn_config fixed = config("network.ee_synapse=1", "stdp.lambda=0.1", 4);
    snn_derived d;
    snn_derive(&plastic, &d);
    const uint64_t ee = (uint64_t)d.N_E * (uint64_t)d.CE;
    const uint64_t saved =
        snn_simulation_memory_bytes(&plastic) - snn_simulation_memory_bytes(&fixed);
    const uint64_t expected = ee * sizeof(float) + snn_stdp_pl_synapse_model.bytes(&d, 4, 1);
    CHECK(saved == expected, "static saves %llu bytes, expected %llu", (unsigned long long)saved,
          (unsigned long long)expected);
    char err[256];
    snn_config bad = plastic;
    CHECK(snn_config_set(&bad, "network.ee_synapse", "tsodyks_synapse", SNN_FROM_SET, err,
                         sizeof err) != SNN_OK &&
              strstr(err, "network.ee_synapse") && strstr(err, "static_synapse (1)"),
          "an unknown model is refused with the choices: %s", err);
}

int main(void) {
    snapshot_as_built_equals_streamed();
    static_is_plastic_without_learning();
    plastic_default_learns();
    memory_is_the_sum_of_the_models();
    return test_summary();
}
