/* Dry run (as NEST once had it, Kunkel et al. 2012): one rank's share of a decomposition too
 * large to start, built for real in one process, so that its memory is measured, not
 * estimated. The rank builds what it would build among its peers (its VPs, their neurons and
 * the synapses onto them: the counter-based draws need no other rank), nothing is
 * simulated, and nothing is communicated. */
#include <stdlib.h>

#include "snn/error.h"
#include "snn/memory_estimate.h"
#include "snn/network.h"
#include "snn/run_log.h"
#include "snn/simulation.h"
#include "snn/sysinfo.h"

static void say(FILE *log, int rank, const char *key, double value) {
    snn_run_log_line(stdout, rank, key, value);
    if (log) snn_run_log_line(log, rank, key, value);
}

int snn_simulation_dry_run(const snn_config *cfg, int rank, FILE *log) {
    const int ranks = (int)cfg->values.simulation.ranks;
    const snn_comm pretend = {.rank = rank, .size = ranks, .node_size = 1, .mpi = 0};
    char err[512] = "";
    snn_network net;
    double t0 = snn_sysinfo_seconds();
    int status = snn_network_create_on(&net, cfg, &pretend, err, sizeof err);
    const double nodes = snn_sysinfo_seconds() - t0;
    t0 = snn_sysinfo_seconds();
    if (status == SNN_OK) status = snn_network_connect(&net, err, sizeof err);
    const double edges = snn_sysinfo_seconds() - t0;
    if (status != SNN_OK) {
        fprintf(stderr, "snnbench sim: dry run of rank %d of %d: %s\n", rank, ranks,
                err[0] ? err : "out of memory");
        snn_network_free(&net);
        return status;
    }
    snn_sysinfo_memory_status m;
    snn_sysinfo_memory(&m);
    snn_memory_estimate e;
    snn_memory_estimate_rank(cfg, &net.d, net.n_local_vp, ranks, rank, &e);
    const uint64_t storage = snn_network_synapse_bytes(&net);
    const double measured = (double)m.vm_hwm_kb * 1024.0;
    /* a dry run does not load MPI: its measure is set against the estimate without it */
    const double estimate = (double)(e.peak - e.mpi_library);
    say(log, rank, "dry_run_ranks", ranks);
    say(log, rank, "threads", net.n_local_vp);
    say(log, rank, "build_time_nodes", nodes);
    say(log, rank, "build_edge_time", edges);
    say(log, rank, "VmPeak_after_edges", (double)m.vm_peak_kb);
    say(log, rank, "VmRSS_after_edges", (double)m.vm_rss_kb);
    say(log, rank, "local_neurons", (double)snn_network_local_neurons(&net));
    say(log, rank, "local_connections", (double)snn_network_local_synapses(&net));
    say(log, rank, "local_synapse_bytes", (double)storage);
    say(log, rank, "local_VmHWM", (double)m.vm_hwm_kb);
    say(log, rank, "local_memory_estimate", estimate / 1024.0);
    say(log, rank, "estimate_over_measured", estimate / measured);
    say(log, rank, "memory_estimate_with_mpi", (double)e.peak / 1024.0);
    say(log, rank, "peak_over_synapse_storage", measured / (double)storage);
    snn_network_free(&net);
    return SNN_OK;
}
