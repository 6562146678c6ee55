/* snn_stdp_pl_synapse: stdp_pl_synapse_hom on the E->E synapses. The rule itself is in
 * stdp.h; this file keeps its state where the rule allows and walks the rows.
 *
 * Kplus per source is the same number in every VP (it depends on the source's spikes only),
 * so a rank keeps it once, not once per thread: at scale the N_E traces per VP would outweigh
 * the VP's synapses. One thread advances the traces through the window's spikes before
 * delivery and keeps, per spike, the trace as it was before it (window_pre); the VPs read
 * only. Kminus and the spike history are per target, in the target's VP. */
#include "snn/stdp_pl_synapse.h"

#include <math.h>
#include <stdlib.h>

#include "snn/bigalloc.h"
#include "snn/error.h"
#include "snn/stdp.h"
#include "snn/stdp_row.h"

typedef struct {
    snn_stdp rule;
    int32_t horizon_steps;
    int32_t forget_through;   /* history entries with stamps <= this are no longer needed */
    snn_stdp_pre *pre;        /* N_E presynaptic traces, after the current window's spikes */
    snn_stdp_pre *window_pre; /* per spike of net->window: its source's trace before it */
    size_t window_pre_cap;
} stdp_shared;

/* One VP's side of the rule. */
typedef struct {
    snn_stdp_recent *recent;       /* n_local_E */
    snn_stdp_history *history;     /* n_local_E */
    snn_stdp_post_trace *post_at;  /* [2 delay][n_local_E]: what snn_stdp_post_step said */
    snn_stdp_post_older *older_at; /* likewise, the older stamps */
    snn_stdp_loops loops;          /* the row loops for this CPU (stdp_row.h) */
} stdp_vp;

#define INITIAL_HISTORY 16

static uint64_t bytes(const snn_derived *d, int threads, int ranks) {
    const uint64_t D2 = 2 * (uint64_t)d->delay_steps;
    const uint64_t local_E = ((uint64_t)d->N_E + (uint64_t)ranks - 1) / (uint64_t)ranks;
    (void)threads; /* a VP's state is per local target, however the targets are split */
    return (uint64_t)d->N_E * sizeof(snn_stdp_pre) +
           local_E * (D2 * (sizeof(snn_stdp_post_trace) + sizeof(snn_stdp_post_older)) +
                      sizeof(snn_stdp_recent) + sizeof(snn_stdp_history) +
                      INITIAL_HISTORY * sizeof(int32_t)) +
           sizeof(stdp_shared);
}

static int create(snn_network *net) {
    const snn_params *p = &net->cfg.values;
    stdp_shared *s = calloc(1, sizeof *s);
    if (!s) return SNN_ERR_NOMEM;
    net->ee_rule = s;
    s->pre = malloc(((size_t)net->d.N_E + 1) * sizeof *s->pre);
    if (!s->pre) return SNN_ERR_NOMEM;
    snn_stdp_init(&s->rule, p->stdp.lambda, p->stdp.alpha, p->stdp.mu, p->stdp.tau_plus,
                  p->neuron.tau_minus, p->simulation.dt, net->d.delay_steps);
    s->horizon_steps = (int32_t)lround(p->simulation.history_horizon / p->simulation.dt);
    s->forget_through = INT32_MIN;
    for (int64_t src = 0; src < net->d.N_E; src++)
        snn_stdp_pre_init(&s->rule, &s->pre[src]);
    return SNN_OK;
}

static void destroy(snn_network *net) {
    stdp_shared *s = net->ee_rule;
    if (s) {
        free(s->pre);
        free(s->window_pre);
    }
    free(net->ee_rule);
    net->ee_rule = NULL;
}

/* [2 delay][n_local_E] traces, then the older stamps, [2 delay][n_local_E]. */
static size_t traces(const snn_network *net, const snn_vp *vp) {
    return 2 * (size_t)net->d.delay_steps * vp->n_local_E;
}
static size_t post_at_bytes(const snn_network *net, const snn_vp *vp) {
    return traces(net, vp) * sizeof(snn_stdp_post_trace) +
           traces(net, vp) * sizeof(snn_stdp_post_older);
}

static int vp_create(const snn_network *net, snn_vp *vp) {
    stdp_vp *st = calloc(1, sizeof *st);
    vp->ee_state = st;
    if (!st) return SNN_ERR_NOMEM;
    st->recent = malloc((vp->n_local_E + 1) * sizeof *st->recent);
    st->history = calloc(vp->n_local_E + 1, sizeof *st->history);
    st->post_at = snn_bigalloc(post_at_bytes(net, vp));
    st->loops = snn_stdp_loops_pick(vp->n_local_E);
    if (!st->recent || !st->history || !st->post_at) return SNN_ERR_NOMEM;
    for (uint32_t j = 0; j < vp->n_local_E; j++)
        st->recent[j] = snn_stdp_recent_none();
    st->older_at = (snn_stdp_post_older *)(st->post_at + traces(net, vp));
    for (size_t i = 0; i < traces(net, vp); i++)
        st->post_at[i] = snn_stdp_post_trace_none();
    for (size_t i = 0; i < traces(net, vp); i++)
        st->older_at[i] = snn_stdp_post_older_none();
    for (uint32_t j = 0; j < vp->n_local_E; j++)
        if (snn_stdp_history_init(&st->history[j], INITIAL_HISTORY) != SNN_OK) return SNN_ERR_NOMEM;
    return SNN_OK;
}

static void vp_destroy(const snn_network *net, snn_vp *vp) {
    stdp_vp *st = vp->ee_state;
    if (!st) return;
    if (st->history)
        for (uint32_t j = 0; j < vp->n_local_E; j++)
            snn_stdp_history_free(&st->history[j]);
    free(st->history);
    free(st->recent);
    snn_bigfree(st->post_at, post_at_bytes(net, vp));
    free(st);
    vp->ee_state = NULL;
}

/* The postsynaptic side: local E neurons [begin, end), their traces and histories at this
 * stamp. The ring keeps 2 delay steps of traces, so a neuron silent over them has its older
 * stamps in this stamp's row already (written 2 delay steps ago, or the initial "none"). */
static int post_step(const snn_network *net, snn_vp *vp, int32_t stamp, uint32_t begin,
                     uint32_t end) {
    const stdp_shared *s = net->ee_rule;
    stdp_vp *st = vp->ee_state;
    const size_t row = snn_ring_row(net, stamp) * vp->n_local_E + begin;
    const int32_t unchanged_through = stamp - 2 * (int32_t)net->d.delay_steps;
    return snn_stdp_post_steps(&s->rule, st->recent + begin, st->history + begin,
                               vp->spiked + begin, end - begin, stamp, s->forget_through,
                               unchanged_through, st->post_at + row, st->older_at + row);
}

/* The window's E spikes, in order, through the traces: each spike's trace before it is kept
 * for delivery, and the trace moves on. Once per window, before any VP delivers. */
static int window_spikes(snn_network *net) {
    stdp_shared *s = net->ee_rule;
    if (net->window.count > s->window_pre_cap) {
        const size_t cap = net->window.count + net->window.count / 2;
        snn_stdp_pre *grown = realloc(s->window_pre, cap * sizeof *grown);
        if (!grown) return SNN_ERR_NOMEM;
        s->window_pre = grown, s->window_pre_cap = cap;
    }
    for (size_t i = 0; i < net->window.count; i++) {
        const snn_spike spike = net->window.items[i];
        if ((int64_t)spike.gid >= net->d.N_E) continue;
        s->window_pre[i] = s->pre[spike.gid];
        snn_stdp_pre_spiked(&s->rule, &s->pre[spike.gid], spike.stamp);
    }
    return SNN_OK;
}

/* Blocks of targets. Where a row covers only a part of its VP's targets (at scale 10 a
 * tenth), each synapse reads its own cache line of traces and of the ring, and the rows of
 * one stamp together read the whole trace row and ring row of that stamp (1.1 MB per VP
 * there), which the rows' own streams evict from the core's cache before the next spike
 * comes back to them. So the rows of one stamp (and the catch-up's rows, which share one
 * trace row) go through the targets block by block: a block's traces, older stamps and
 * ring entries, about 40 bytes a target, stay in the cache (1 MB here) while every row
 * passes through it. Each synapse sees the same inputs as in row order, and each ring
 * entry receives its additions in the same order (a target's spikes of one stamp in gid
 * order, its entries in one row in row order): the same bits. */
#define BLOCK_TARGETS 8192
#define ROWS_AT_ONCE  256

static uint64_t targets_per_block(const snn_network *net) {
    return net->block_targets ? (uint64_t)net->block_targets : BLOCK_TARGETS;
}

/* The entries of each of the n rows `left` (the parts not yet delivered) with targets
 * below `bound`, into part[k]; left[k].begin moves past them. Rows are sorted by target
 * (network_build.c). The n binary searches go in lockstep, one probe of every row per
 * round, without branches on the probes: the probes of different rows do not wait for each
 * other, so their cache misses overlap, where one search after another, each between two
 * rows' walks, was a chain of dependent misses per row (at scale 10, 4 % of the
 * simulation's samples). */
static void take_below(const snn_vp *vp, snn_row *left, unsigned n, uint64_t bound, snn_row *part) {
    uint64_t low[ROWS_AT_ONCE], high[ROWS_AT_ONCE];
    for (unsigned k = 0; k < n; k++)
        low[k] = left[k].begin, high[k] = left[k].end;
    if (bound >= vp->n_local_E) /* every entry left */
        for (unsigned k = 0; k < n; k++)
            low[k] = left[k].end;
    for (int searching = 1; searching;) {
        searching = 0;
        for (unsigned k = 0; k < n; k++) {
            if (low[k] >= high[k]) continue;
            const uint64_t mid = low[k] + (high[k] - low[k]) / 2;
            const int below = snn_target_at(vp->ee_target, vp->target_width, mid) < bound;
            low[k] = below ? mid + 1 : low[k];
            high[k] = below ? high[k] : mid;
            searching = 1;
        }
    }
    for (unsigned k = 0; k < n; k++) {
        part[k] = (snn_row){left[k].begin, low[k]};
        left[k].begin = low[k];
    }
}

/* The entries `part` of the row of a spike in the window, with its source's trace before it. */
static void deliver_part(const snn_network *net, snn_vp *vp, snn_stdp_row_fn row_loop,
                         snn_spike spike, const snn_stdp_pre *trace, snn_row part) {
    const stdp_shared *s = net->ee_rule;
    const stdp_vp *st = vp->ee_state;
    /* emitted in step stamp - 1, arrives in step stamp - 1 + delay; the rule sees the
     * postsynaptic side as it was at stamp - delay */
    const size_t post_row = snn_ring_row(net, spike.stamp - s->rule.delay) * vp->n_local_E;
    const snn_stdp_pre pre = snn_stdp_pre_for_walk(trace);
    const snn_stdp_row row = {.rule = &s->rule,
                              .history = st->history,
                              .post = st->post_at + post_row,
                              .older = st->older_at + post_row,
                              .pre = &pre,
                              .stamp = spike.stamp,
                              .target = vp->ee_target,
                              .width = vp->target_width,
                              .weight = vp->ee_weight,
                              .ring_ex =
                                  vp->ring_ex + snn_arrival_row(net, spike.stamp) * vp->n_local};
    row_loop(&row, part.begin, part.end);
}

/* The window's E spikes, a stamp's rows (up to ROWS_AT_ONCE of them) at a time, block by
 * block. */
static void deliver(const snn_network *net, snn_vp *vp) {
    const stdp_shared *s = net->ee_rule;
    const stdp_vp *st = vp->ee_state;
    const snn_stdp_row_fn row_loop = (net->scalar_rows ? snn_stdp_loops_scalar : st->loops).row;
    const snn_spike *spikes = net->window.items;
    const uint64_t block = targets_per_block(net);
    size_t spike_at[ROWS_AT_ONCE];
    snn_row left[ROWS_AT_ONCE], part[ROWS_AT_ONCE];
    for (size_t i = 0; i < net->window.count;) {
        const int32_t stamp = spikes[i].stamp;
        unsigned n = 0;
        for (; i < net->window.count && spikes[i].stamp == stamp && n < ROWS_AT_ONCE; i++) {
            if ((int64_t)spikes[i].gid >= net->d.N_E) continue;
            spike_at[n] = i;
            left[n] = snn_row_index_row(&vp->ee_rows, spikes[i].gid);
            vp->events += left[n].end - left[n].begin;
            n++;
        }
        for (uint64_t bound = block;; bound += block) {
            take_below(vp, left, n, bound, part);
            for (unsigned k = 0; k < n; k++)
                if (part[k].end > part[k].begin)
                    deliver_part(net, vp, row_loop, spikes[spike_at[k]],
                                 &s->window_pre[spike_at[k]], part[k]);
            if (bound >= vp->n_local_E) break;
        }
    }
}

/* Sources silent for longer than the history horizon: apply to this VP's synapses the
 * facilitation their next spike would apply, up to `through`, so that their targets may
 * forget older spikes. The traces say how far each source is done; window_end moves them
 * on once every VP has caught up. Up to ROWS_AT_ONCE sources at a time, block by block. */
static void catch_up_silent_sources(const snn_network *net, snn_vp *vp, int32_t through) {
    const stdp_shared *s = net->ee_rule;
    stdp_vp *st = vp->ee_state;
    const snn_stdp_row_fn catch_up =
        (net->scalar_rows ? snn_stdp_loops_scalar : st->loops).catch_up;
    const int32_t due = through - s->horizon_steps;
    /* as a spike at through + d would see it: the targets' traces at through */
    const size_t post_row = snn_ring_row(net, through) * vp->n_local_E;
    const uint64_t block = targets_per_block(net);
    uint32_t source[ROWS_AT_ONCE];
    snn_row left[ROWS_AT_ONCE], part[ROWS_AT_ONCE];
    for (uint32_t src = 0; src < (uint32_t)net->d.N_E;) {
        unsigned n = 0;
        for (; src < (uint32_t)net->d.N_E && n < ROWS_AT_ONCE; src++) {
            const snn_stdp_pre *pre = &s->pre[src];
            if (pre->done_through >= due) continue;
            if (pre->kplus == 0.0) continue; /* with Kplus = 0 facilitation adds exactly nothing */
            source[n] = src;
            left[n++] = snn_row_index_row(&vp->ee_rows, src);
        }
        for (uint64_t bound = block;; bound += block) {
            take_below(vp, left, n, bound, part);
            for (unsigned k = 0; k < n; k++) {
                if (part[k].end == part[k].begin) continue;
                const snn_stdp_row row = {
                    .rule = &s->rule,
                    .history = st->history,
                    .post = st->post_at + post_row,
                    .older = st->older_at + post_row,
                    .pre = &s->pre[source[k]],
                    .stamp = through + s->rule.delay,
                    .target = vp->ee_target,
                    .width = vp->target_width,
                    .weight = vp->ee_weight,
                };
                catch_up(&row, part[k].begin, part[k].end);
            }
            if (bound >= vp->n_local_E) break;
        }
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
    if (end % D != 0) return;
    const int32_t through = (int32_t)(end + 1 - D), due = through - s->horizon_steps;
    for (int64_t src = 0; src < net->d.N_E; src++)
        if (s->pre[src].done_through < due) s->pre[src].done_through = through;
    /* every source is now caught up to at least this */
    s->forget_through = through - s->horizon_steps - 1;
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

/* The loop of the rank's first VP: every VP of a rank picks for the same CPU, and for
 * n_local_E within one of each other's. */
static const char *row_loop_name(const snn_network *net) {
    if (net->scalar_rows || net->n_local_vp == 0) return snn_stdp_loops_scalar.name;
    return ((const stdp_vp *)net->vps[0].ee_state)->loops.name;
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
    .window_spikes = window_spikes,
    .deliver = deliver,
    .vp_window_end = vp_window_end,
    .window_end = window_end,
    .row_loop = row_loop_name,
};
