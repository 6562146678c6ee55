/* snn_stdp_pl_synapse: stdp_pl_synapse_hom on the E->E synapses. The rule itself is in
 * stdp.h; this file keeps its state where the rule allows (Kplus per source in every VP that
 * has its targets, Kminus and the history per target) and walks the rows. */
#include "snn/stdp_pl_synapse.h"

#include <math.h>
#include <stdlib.h>

#include "snn/error.h"
#include "snn/stdp.h"

/* Shared by every VP: the rule's constants and how far the histories may forget. */
typedef struct {
    snn_stdp rule;
    int32_t horizon_steps;
    int32_t forget_through; /* history entries with stamps <= this are no longer needed */
} stdp_shared;

/* One VP's side of the rule. */
typedef struct {
    snn_stdp_pre *pre;            /* N_E presynaptic traces, this VP's copy */
    snn_stdp_history *history;    /* n_local_E */
    snn_stdp_post_trace *post_at; /* [2 delay][n_local_E]: what snn_stdp_post_step said */
} stdp_vp;

#define INITIAL_HISTORY 16

static uint64_t bytes(const snn_derived *d, int threads, int ranks) {
    const uint64_t D2 = 2 * (uint64_t)d->delay_steps;
    const uint64_t local_E = ((uint64_t)d->N_E + (uint64_t)ranks - 1) / (uint64_t)ranks;
    return (uint64_t)threads * (uint64_t)d->N_E * sizeof(snn_stdp_pre) +
           local_E * (D2 * sizeof(snn_stdp_post_trace) + sizeof(snn_stdp_history) +
                      INITIAL_HISTORY * sizeof(int32_t)) +
           sizeof(stdp_shared);
}

static int create(snn_network *net) {
    const snn_params *p = &net->cfg.values;
    stdp_shared *s = malloc(sizeof *s);
    if (!s) return SNN_ERR_NOMEM;
    snn_stdp_init(&s->rule, p->stdp.lambda, p->stdp.alpha, p->stdp.mu, p->stdp.tau_plus,
                  p->neuron.tau_minus, p->simulation.dt, net->d.delay_steps);
    s->horizon_steps = (int32_t)lround(p->simulation.history_horizon / p->simulation.dt);
    s->forget_through = INT32_MIN;
    net->ee_rule = s;
    return SNN_OK;
}

static void destroy(snn_network *net) {
    free(net->ee_rule);
    net->ee_rule = NULL;
}

static int vp_create(const snn_network *net, snn_vp *vp) {
    const stdp_shared *s = net->ee_rule;
    const size_t D2 = 2 * (size_t)net->d.delay_steps;
    stdp_vp *st = calloc(1, sizeof *st);
    vp->ee_state = st;
    if (!st) return SNN_ERR_NOMEM;
    st->pre = malloc(((size_t)net->d.N_E + 1) * sizeof *st->pre);
    st->history = calloc(vp->n_local_E + 1, sizeof *st->history);
    st->post_at = malloc((D2 * vp->n_local_E + 1) * sizeof *st->post_at);
    if (!st->pre || !st->history || !st->post_at) return SNN_ERR_NOMEM;
    for (size_t i = 0; i < D2 * vp->n_local_E; i++)
        st->post_at[i] = (snn_stdp_post_trace){0.0, INT32_MIN, INT32_MIN};
    for (int64_t src = 0; src < net->d.N_E; src++)
        snn_stdp_pre_init(&s->rule, &st->pre[src]);
    for (uint32_t j = 0; j < vp->n_local_E; j++)
        if (snn_stdp_history_init(&st->history[j], INITIAL_HISTORY) != SNN_OK) return SNN_ERR_NOMEM;
    return SNN_OK;
}

static void vp_destroy(const snn_network *net, snn_vp *vp) {
    (void)net;
    stdp_vp *st = vp->ee_state;
    if (!st) return;
    if (st->history)
        for (uint32_t j = 0; j < vp->n_local_E; j++)
            snn_stdp_history_free(&st->history[j]);
    free(st->pre);
    free(st->history);
    free(st->post_at);
    free(st);
    vp->ee_state = NULL;
}

/* The postsynaptic side: every local E neuron's trace and history at this stamp. */
static int post_step(const snn_network *net, snn_vp *vp, int32_t stamp) {
    const stdp_shared *s = net->ee_rule;
    stdp_vp *st = vp->ee_state;
    snn_stdp_post_trace *trace = st->post_at + snn_ring_row(net, stamp) * vp->n_local_E;
    for (uint32_t j = 0; j < vp->n_local_E; j++)
        if (snn_stdp_post_step(&st->history[j], &s->rule, stamp, vp->spiked[j], s->forget_through,
                               &trace[j]) != SNN_OK)
            return SNN_ERR_NOMEM;
    return SNN_OK;
}

/* One E spike through its row: the rule updates each weight, which is then transmitted. */
static void deliver_spike(const stdp_shared *s, snn_vp *vp, stdp_vp *st, snn_spike spike,
                          const snn_stdp_post_trace *post, double *ring_ex) {
    const snn_stdp *rule = &s->rule;
    snn_stdp_pre *pre = &st->pre[spike.gid];
    const snn_stdp_pre trace = *pre;
    snn_plastic_synapse *row = vp->plastic;
    const uint64_t end = vp->ee_row[spike.gid + 1];
    for (uint64_t k = vp->ee_row[spike.gid]; k < end; k++) {
        const uint32_t j = row[k].target;
        const float w = (float)snn_stdp_on_pre_spike(rule, &st->history[j], &trace, spike.stamp,
                                                     post[j], row[k].weight);
        row[k].weight = w;
        ring_ex[j] += w;
    }
    vp->events += end - vp->ee_row[spike.gid];
    snn_stdp_pre_spiked(rule, pre, spike.stamp);
}

static void deliver(const snn_network *net, snn_vp *vp) {
    const stdp_shared *s = net->ee_rule;
    stdp_vp *st = vp->ee_state;
    for (size_t i = 0; i < net->window.count; i++) {
        const snn_spike spike = net->window.items[i];
        if ((int64_t)spike.gid >= net->d.N_E) continue;
        /* emitted in step stamp - 1, arrives in step stamp - 1 + delay; the rule sees the
         * postsynaptic side as it was at stamp - delay */
        double *ring_ex = vp->ring_ex + snn_arrival_row(net, spike.stamp) * vp->n_local;
        const snn_stdp_post_trace *post =
            st->post_at + snn_ring_row(net, spike.stamp - s->rule.delay) * vp->n_local_E;
        deliver_spike(s, vp, st, spike, post, ring_ex);
    }
}

/* Sources silent for longer than the history horizon: apply the facilitation their next
 * spike would apply, up to `through`, so that their targets may forget older spikes. */
static void catch_up_silent_sources(const snn_network *net, snn_vp *vp, int32_t through) {
    const stdp_shared *s = net->ee_rule;
    stdp_vp *st = vp->ee_state;
    const int32_t due = through - s->horizon_steps;
    for (int64_t src = 0; src < net->d.N_E; src++) {
        snn_stdp_pre *pre = &st->pre[src];
        if (pre->done_through >= due) continue;
        if (pre->kplus != 0.0) /* with Kplus = 0 facilitation adds exactly nothing */
            for (uint64_t k = vp->ee_row[src]; k < vp->ee_row[src + 1]; k++) {
                snn_plastic_synapse *syn = &vp->plastic[k];
                syn->weight = (float)snn_stdp_facilitate_through(
                    &s->rule, &st->history[syn->target], pre, through, syn->weight);
            }
        pre->done_through = through;
    }
}

/* Catch up only on the grid of whole windows, never at the end of a shortened one: then
 * where a caller splits the simulation (phases, snapshots) changes nothing. Any later spike
 * has stamp > window_end, so it covers postsynaptic spikes up to window_end + 1 - delay. */
static void vp_window_end(const snn_network *net, snn_vp *vp, int32_t window_end) {
    const int32_t D = net->d.delay_steps;
    if (window_end % D == 0) catch_up_silent_sources(net, vp, window_end + 1 - D);
}

static void window_end(snn_network *net, int64_t end) {
    stdp_shared *s = net->ee_rule;
    const int64_t D = net->d.delay_steps;
    /* every source is now caught up to at least this */
    if (end % D == 0) s->forget_through = (int32_t)(end + 1 - D) - s->horizon_steps - 1;
}

int32_t snn_stdp_pl_synapse_horizon_steps(const snn_network *net) {
    return ((const stdp_shared *)net->ee_rule)->horizon_steps;
}

uint32_t snn_stdp_pl_synapse_longest_history(const snn_network *net) {
    uint32_t longest = 0;
    for (int v = 0; v < net->n_local_vp; v++) {
        const stdp_vp *st = net->vps[v].ee_state;
        for (uint32_t j = 0; j < net->vps[v].n_local_E; j++)
            if (st->history[j].count > longest) longest = st->history[j].count;
    }
    return longest;
}

const snn_synapse_model snn_stdp_pl_synapse_model = {
    .name = "stdp_pl_synapse_hom",
    .stores_weight = 1,
    .bytes = bytes,
    .create = create,
    .destroy = destroy,
    .vp_create = vp_create,
    .vp_destroy = vp_destroy,
    .post_step = post_step,
    .deliver = deliver,
    .vp_window_end = vp_window_end,
    .window_end = window_end,
};
