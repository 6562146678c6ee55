/* The simulation loop: windows of at most one delay (the minimum delay), on a grid that
 * starts at t = 0. In a window every VP updates its neurons step by step; the VPs' spikes
 * are merged in (stamp, gid) order; every VP then walks the merged list through its own
 * synapse rows. A spike emitted in step n reaches its targets in step n + delay, always a
 * later window, so a window's updates never wait for its own spikes. */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "snn/comm_spikes.h"
#include "snn/error.h"
#include "snn/network.h"
#include "snn/rng.h"

/* A step's neurons go through every stage of the step in blocks of this many: the drive
 * added, the update, the rings' row cleared, the postsynaptic traces, the spikes listed. A
 * block's arrays (about 130 bytes per neuron) then stay in the core's cache from one stage
 * to the next, where a stage over all of a VP's neurons (56 000 at scale 10 on 2 threads,
 * 7 MB) would read them from memory again for each. A multiple of 8, the vector loops'
 * width. */
#define NEURON_BLOCK 512

/* Poisson drive for neurons [begin, end): the count emitted for each in step n - delay
 * arrives in step n. Block b of a neuron's Poisson stream holds the uniforms of emission
 * steps 2b (words 0, 1) and 2b + 1 (words 2, 3); in the first of the two steps the VP draws
 * block b of the neurons (snn_rng_blocks_by_gid, several per instruction) and keeps it for
 * the second. */
static void add_poisson_drive(const snn_network *net, snn_vp *vp, int64_t emitted, int draw,
                              uint32_t begin, uint32_t end, double *in_ex) {
    const snn_rng_planes all = snn_rng_planes_in(vp->poisson_words, vp->n_local);
    const snn_rng_planes words = {
        {all.w[0] + begin, all.w[1] + begin, all.w[2] + begin, all.w[3] + begin}};
    if (draw)
        snn_rng_blocks_by_gid((uint64_t)net->cfg.values.simulation.seed, SNN_STREAM_POISSON,
                              snn_vp_gid(net, vp, begin), (uint32_t)net->n_vp, end - begin,
                              (uint64_t)(emitted >> 1), words);
    const uint32_t *hi = words.w[(emitted & 1) * 2], *lo = words.w[(emitted & 1) * 2 + 1];
    snn_poisson_table_add_many(&net->poisson, hi, lo, end - begin, net->d.J_E_pA, in_ex + begin);
}

/* Step n for neurons [begin, end) of the VP, every stage (NEURON_BLOCK). */
static int step_block(snn_network *net, snn_vp *vp, int64_t n, int draw, uint32_t begin,
                      uint32_t end) {
    double *in_ex = vp->ring_ex + snn_ring_row(net, n) * vp->n_local;
    double *in_in = vp->ring_in + snn_ring_row(net, n) * vp->n_local;
    const int64_t emitted = n - net->d.delay_steps;
    if (emitted >= 0) add_poisson_drive(net, vp, emitted, draw, begin, end, in_ex);
    net->neuron->update(vp->neurons, begin, end, in_ex, in_in, vp->spiked);
    memset(in_ex + begin, 0, (end - begin) * sizeof(double));
    memset(in_in + begin, 0, (end - begin) * sizeof(double));

    const int32_t stamp = (int32_t)(n + 1);
    const uint32_t end_E = end < vp->n_local_E ? end : vp->n_local_E;
    if (net->ee->post_step && begin < end_E &&
        net->ee->post_step(net, vp, stamp, begin, end_E) != SNN_OK)
        return SNN_ERR_NOMEM;
    for (uint32_t j = begin; j < end; j++)
        if (vp->spiked[j]) {
            if (snn_spike_list_push(&vp->spikes, (snn_spike){stamp, snn_vp_gid(net, vp, j)}) !=
                SNN_OK)
                return SNN_ERR_NOMEM;
        }
    return SNN_OK;
}

static int update_window(snn_network *net, snn_vp *vp, int64_t n0, int64_t length) {
    vp->spikes.count = 0;
    for (int64_t n = n0; n < n0 + length; n++) {
        const int64_t emitted = n - net->d.delay_steps;
        const int draw = emitted >= 0 && vp->poisson_block != emitted >> 1;
        for (uint32_t begin = 0; begin < vp->n_local; begin += NEURON_BLOCK) {
            const uint32_t end =
                vp->n_local - begin > NEURON_BLOCK ? begin + NEURON_BLOCK : vp->n_local;
            if (step_block(net, vp, n, draw, begin, end) != SNN_OK) return SNN_ERR_NOMEM;
        }
        if (draw) vp->poisson_block = emitted >> 1;
    }
    return SNN_OK;
}

static inline int spike_before(snn_spike a, snn_spike b) {
    return a.stamp < b.stamp || (a.stamp == b.stamp && a.gid < b.gid);
}

/* Merges n sorted runs into out, in (stamp, gid) order. */
static int merge_runs(const snn_spike *const *runs, const size_t *lengths, int n,
                      snn_spike_list *out) {
    out->count = 0;
    size_t cursor[n];
    memset(cursor, 0, sizeof cursor);
    for (;;) {
        int best = -1;
        for (int r = 0; r < n; r++)
            if (cursor[r] < lengths[r] &&
                (best < 0 || spike_before(runs[r][cursor[r]], runs[best][cursor[best]])))
                best = r;
        if (best < 0) return SNN_OK;
        if (snn_spike_list_push(out, runs[best][cursor[best]++]) != SNN_OK) return SNN_ERR_NOMEM;
    }
}

/* The merged window (net->window) from every VP of every rank, in (stamp, gid) order: the
 * rank's VPs merged, the ranks' lists exchanged, and merged again. Counts and recording. */
static int gather(snn_network *net) {
    const int T = net->n_local_vp, R = net->comm.size;
    const snn_spike *runs[T > R ? T : R];
    size_t lengths[T > R ? T : R];
    for (int v = 0; v < T; v++)
        runs[v] = net->vps[v].spikes.items, lengths[v] = net->vps[v].spikes.count;
    snn_spike_list *local = R == 1 ? &net->window : &net->rank_spikes;
    int status = merge_runs(runs, lengths, T, local);
    if (status == SNN_OK && R > 1) {
        const double t0 = omp_get_wtime();
        double waited;
        status = snn_comm_spikes_allgather(&net->comm, local, &net->all_spikes, net->rank_counts,
                                           &waited);
        net->timers.time_communicate_spike_data += omp_get_wtime() - t0;
        net->timers.time_mpi_synchronization += waited;
        size_t offset = 0;
        for (int r = 0; r < R; r++) {
            runs[r] = net->all_spikes.items + offset, lengths[r] = net->rank_counts[r];
            offset += net->rank_counts[r];
        }
        if (status == SNN_OK) status = merge_runs(runs, lengths, R, &net->window);
    }
    for (size_t i = 0; i < net->window.count && status == SNN_OK; i++) {
        const snn_spike s = net->window.items[i];
        if ((int64_t)s.gid < net->d.N_E) {
            net->spikes_E++;
            if ((int64_t)s.gid < net->d.nrec) status = snn_spike_list_push(&net->recorded, s);
        } else {
            net->spikes_I++;
            if ((int64_t)s.gid < net->d.N_E + net->d.nrec_I)
                status = snn_spike_list_push(&net->recorded_I, s);
        }
    }
    return status;
}

/* One spike through its static row: every entry gets the population's weight. */
static void deliver_static(snn_vp *vp, snn_spike s, double *ring, double w) {
    const snn_row row = snn_row_index_row(&vp->static_rows, s.gid);
    snn_add_to_targets(vp->static_target, vp->target_width, row, ring, w);
    vp->events += row.end - row.begin;
}

/* The window's spikes, in order, through the VP's rows: first the E->E rows (by the synapse
 * model), then the static rows. A target's channel receives from one kind of row only (E->E
 * rows reach the excitatory channel of E targets, static E rows that of I targets, I rows
 * the inhibitory channel), so each input is still summed in the window's spike order. */
static void deliver_window(const snn_network *net, snn_vp *vp, int32_t window_end) {
    const double J_E = net->d.J_E_pA, J_I = net->d.J_I_pA;
    net->ee->deliver(net, vp);
    for (size_t i = 0; i < net->window.count; i++) {
        const snn_spike s = net->window.items[i];
        const size_t slot = snn_arrival_row(net, s.stamp) * vp->n_local;
        if ((int64_t)s.gid < net->d.N_E)
            deliver_static(vp, s, vp->ring_ex + slot, J_E);
        else
            deliver_static(vp, s, vp->ring_in + slot, J_I);
    }
    if (net->ee->vp_window_end) net->ee->vp_window_end(net, vp, window_end);
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
    for (int v = 0; v < net->n_local_vp && n_steps > 0; v++)
        net->vps[v].weights_as_built = 0; /* any step may change them */
#pragma omp parallel num_threads(net->n_local_vp)
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
            /* the master thread, the only one that calls MPI (MPI_THREAD_FUNNELED) */
#pragma omp master
            {
                status |= gather(net);
                if (status == SNN_OK && net->ee->window_spikes)
                    status |= net->ee->window_spikes(net);
                if (status != SNN_OK) net->window.count = 0; /* the run fails; deliver nothing */
            }
#pragma omp barrier
            double t2 = omp_get_wtime();
            deliver_window(net, vp, (int32_t)(n0 + length));
#pragma omp barrier
#pragma omp master
            {
                net->timers.time_update += t1 - t0;
                net->timers.time_gather_spike_data += t2 - t1;
                net->timers.time_deliver_spike_data += omp_get_wtime() - t2;
                if (net->ee->window_end) net->ee->window_end(net, n1);
#if SNN_TEST_SLOWDOWN > 0
                stretch_window(t0);
#endif
            }
#pragma omp barrier
        }
    }
    net->step = stop;
    for (int v = 0; v < net->n_local_vp; v++)
        status |= net->vps[v].error;
    status = snn_comm_any(&net->comm, status != SNN_OK) ? SNN_ERR_NOMEM : SNN_OK;
    if (status != SNN_OK) {
        snprintf(err, errlen, "out of memory during simulation (spike lists or histories)");
        return SNN_ERR_NOMEM;
    }
    return SNN_OK;
}
