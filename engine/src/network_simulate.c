/* The simulation loop: windows of at most one delay (the minimum delay), on a grid that
 * starts at t = 0. In a window every VP updates its neurons step by step; the VPs' spikes
 * are merged in (stamp, gid) order; every VP then walks the merged list through its own
 * synapse rows. A spike emitted in step n reaches its targets in step n + delay, always a
 * later window, so a window's updates never wait for its own spikes. */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "snn/error.h"
#include "snn/network.h"
#include "snn/rng.h"

static inline size_t mod(int64_t x, int64_t m) {
    return (size_t)(((x % m) + m) % m);
}

/* Poisson drive: the count emitted for this neuron in step n - delay arrives in step n.
 * One Philox block holds the uniforms of two emission steps. */
static void add_poisson_drive(const snn_network *net, const snn_vp *vp, int64_t n, double *in_ex) {
    const int64_t emitted = n - net->d.delay_steps;
    if (emitted < 0) return;
    const uint64_t seed = (uint64_t)net->cfg.values.simulation.seed;
    const double J = net->d.J_E_pA;
    const unsigned half = (unsigned)(emitted & 1) * 2;
    for (uint32_t j = 0; j < vp->n_local; j++) {
        const uint64_t gid = snn_vp_gid(net, vp, j);
        const snn_rng_block b =
            snn_rng_block_at(seed, SNN_STREAM_POISSON, gid, (uint64_t)emitted >> 1);
        const double u = snn_rng_open01(b.w[half], b.w[half + 1]);
        const uint32_t count = snn_poisson_table_draw(&net->poisson, u);
        if (count) in_ex[j] += (double)count * J;
    }
}

static int update_window(snn_network *net, snn_vp *vp, int64_t n0, int64_t length) {
    const int64_t D2 = 2 * (int64_t)net->d.delay_steps;
    vp->spikes.count = 0;
    for (int64_t n = n0; n < n0 + length; n++) {
        double *in_ex = vp->ring_ex + mod(n, D2) * vp->n_local;
        double *in_in = vp->ring_in + mod(n, D2) * vp->n_local;
        add_poisson_drive(net, vp, n, in_ex);
        snn_iaf_update_step(&net->d.iaf, &vp->neurons, 0, vp->n_local, in_ex, in_in, NULL,
                            vp->spiked);
        memset(in_ex, 0, vp->n_local * sizeof(double));
        memset(in_in, 0, vp->n_local * sizeof(double));

        const int32_t stamp = (int32_t)(n + 1);
        snn_post_trace *trace = vp->post_at + mod(stamp, D2) * vp->n_local_E;
        for (uint32_t j = 0; j < vp->n_local_E; j++)
            if (snn_post_step(&vp->history[j], net->stdp, stamp, vp->spiked[j], net->forget_through,
                              &trace[j]) != SNN_OK)
                return SNN_ERR_NOMEM;
        for (uint32_t j = 0; j < vp->n_local; j++)
            if (vp->spiked[j]) {
                if (snn_spike_list_push(&vp->spikes, (snn_spike){stamp, snn_vp_gid(net, vp, j)}) !=
                    SNN_OK)
                    return SNN_ERR_NOMEM;
            }
    }
    return SNN_OK;
}

static inline int spike_before(snn_spike a, snn_spike b) {
    return a.stamp < b.stamp || (a.stamp == b.stamp && a.gid < b.gid);
}

/* Merge the VPs' lists (each already in (stamp, gid) order) into net->window. */
static int gather(snn_network *net) {
    net->window.count = 0;
    size_t cursor[net->n_vp];
    memset(cursor, 0, sizeof cursor);
    for (;;) {
        int best = -1;
        for (int v = 0; v < net->n_vp; v++)
            if (cursor[v] < net->vps[v].spikes.count &&
                (best < 0 || spike_before(net->vps[v].spikes.items[cursor[v]],
                                          net->vps[best].spikes.items[cursor[best]])))
                best = v;
        if (best < 0) break;
        const snn_spike s = net->vps[best].spikes.items[cursor[best]++];
        if (snn_spike_list_push(&net->window, s) != SNN_OK) return SNN_ERR_NOMEM;
        if ((int64_t)s.gid < net->d.N_E) {
            net->spikes_E++;
            if ((int64_t)s.gid < net->d.nrec && snn_spike_list_push(&net->recorded, s) != SNN_OK)
                return SNN_ERR_NOMEM;
        } else {
            net->spikes_I++;
            if ((int64_t)s.gid < net->d.N_E + net->d.nrec_I &&
                snn_spike_list_push(&net->recorded_I, s) != SNN_OK)
                return SNN_ERR_NOMEM;
        }
    }
    return SNN_OK;
}

static void deliver_plastic(const snn_network *net, snn_vp *vp, snn_spike s, double *ring_ex) {
    const snn_stdp *stdp = net->stdp;
    const int64_t D2 = 2 * (int64_t)net->d.delay_steps;
    const snn_post_trace *post = vp->post_at + mod(s.stamp - stdp->delay, D2) * vp->n_local_E;
    snn_stdp_pre *pre = &vp->pre[s.gid];
    const snn_stdp_pre trace = *pre;
    snn_plastic_synapse *row = vp->plastic;
    const uint64_t end = vp->plastic_row[s.gid + 1];
    for (uint64_t k = vp->plastic_row[s.gid]; k < end; k++) {
        const uint32_t j = row[k].target;
        const float w = (float)snn_stdp_on_pre_spike(stdp, &vp->history[j], &trace, s.stamp,
                                                     post[j], row[k].weight);
        row[k].weight = w;
        ring_ex[j] += w;
    }
    vp->events += end - vp->plastic_row[s.gid];
    snn_stdp_pre_spiked(stdp, pre, s.stamp);
}

static void deliver_static(snn_vp *vp, snn_spike s, double *ring, double w) {
    const uint64_t begin = vp->static_row[s.gid], end = vp->static_row[s.gid + 1];
    const uint32_t *target = vp->static_target;
    for (uint64_t k = begin; k < end; k++)
        ring[target[k]] += w;
    vp->events += end - begin;
}

/* Sources silent for longer than the history horizon: apply the facilitation their next
 * spike would apply, up to `through`, so that their targets may forget older spikes. */
static void catch_up_silent_sources(const snn_network *net, snn_vp *vp, int32_t through) {
    const int32_t due = through - net->horizon_steps;
    for (int64_t s = 0; s < net->d.N_E; s++) {
        snn_stdp_pre *pre = &vp->pre[s];
        if (pre->done_through >= due) continue;
        if (pre->kplus != 0.0) /* with Kplus = 0 facilitation adds exactly nothing */
            for (uint64_t k = vp->plastic_row[s]; k < vp->plastic_row[s + 1]; k++) {
                snn_plastic_synapse *syn = &vp->plastic[k];
                syn->weight = (float)snn_stdp_facilitate_through(
                    net->stdp, &vp->history[syn->target], pre, through, syn->weight);
            }
        pre->done_through = through;
    }
}

static void deliver_window(const snn_network *net, snn_vp *vp, int32_t window_end) {
    const int64_t D = net->d.delay_steps, D2 = 2 * D;
    const double J_E = net->d.J_E_pA, J_I = net->d.J_I_pA;
    for (size_t i = 0; i < net->window.count; i++) {
        const snn_spike s = net->window.items[i];
        /* emitted in step stamp - 1, arrives in step stamp - 1 + delay */
        const size_t slot = mod(s.stamp - 1 + D, D2) * vp->n_local;
        if ((int64_t)s.gid < net->d.N_E) {
            deliver_plastic(net, vp, s, vp->ring_ex + slot);
            deliver_static(vp, s, vp->ring_ex + slot, J_E);
        } else {
            deliver_static(vp, s, vp->ring_in + slot, J_I);
        }
    }
    /* Catch up only on the grid of whole windows, never at the end of a shortened one:
     * then where a caller splits the simulation (phases, snapshots) changes nothing. Any
     * later spike has stamp > window_end, so it covers postsynaptic spikes up to
     * window_end + 1 - delay. */
    if (window_end % D == 0) catch_up_silent_sources(net, vp, window_end + 1 - (int32_t)D);
}

#if SNN_TEST_SLOWDOWN > 0
/* Test hook, never in a normal build (CMake -DSNN_TEST_SLOWDOWN=P): every window takes P %
 * longer, so that the performance-regression check can be shown to catch a real slowdown. */
static void stretch_window(double window_start) {
    const double until =
        omp_get_wtime() + (omp_get_wtime() - window_start) * SNN_TEST_SLOWDOWN / 100.0;
    while (omp_get_wtime() < until) {
    }
}
#endif

int snn_network_simulate(snn_network *net, int64_t n_steps, char *err, size_t errlen) {
    const int64_t D = net->d.delay_steps;
    const int64_t start = net->step, stop = net->step + n_steps;
    int status = SNN_OK;
#pragma omp parallel num_threads(net->n_vp)
    {
        snn_vp *vp = &net->vps[omp_get_thread_num()];
        /* windows on a fixed grid of one delay from t = 0; a call may end inside one */
        for (int64_t n0 = start, n1; n0 < stop; n0 = n1) {
            n1 = (n0 / D + 1) * D < stop ? (n0 / D + 1) * D : stop;
            const int64_t length = n1 - n0;
            double t0 = omp_get_wtime();
            vp->error |= update_window(net, vp, n0, length);
#pragma omp barrier
            double t1 = omp_get_wtime();
#pragma omp single
            status |= gather(net);
            /* implicit barrier: the merged list is complete */
            double t2 = omp_get_wtime();
            deliver_window(net, vp, (int32_t)(n0 + length));
#pragma omp barrier
#pragma omp master
            {
                net->timers.time_update += t1 - t0;
                net->timers.time_gather_spike_data += t2 - t1;
                net->timers.time_deliver_spike_data += omp_get_wtime() - t2;
                /* every source is now caught up to at least this */
                if (n1 % D == 0)
                    net->forget_through = (int32_t)(n1 + 1 - D) - net->horizon_steps - 1;
#if SNN_TEST_SLOWDOWN > 0
                stretch_window(t0);
#endif
            }
#pragma omp barrier
        }
    }
    net->step = stop;
    for (int v = 0; v < net->n_vp; v++)
        status |= net->vps[v].error;
    if (status != SNN_OK) {
        snprintf(err, errlen, "out of memory during simulation (spike lists or histories)");
        return SNN_ERR_NOMEM;
    }
    return SNN_OK;
}
