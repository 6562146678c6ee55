/* snn_memory_estimate: one rank's memory, part by part (see memory_estimate.h). */
#include "snn/memory_estimate.h"

#include "snn/models.h"
#include "snn/network.h"
#include "snn/row_index.h"
#include "snn/spike_list.h"
#include "snn/weight_block.h"

/* Measured: the resident size of snnbench before it builds anything, without and with
 * MPI_Init (Open MPI 4.1 on Debian 12: 11.7 and 22.2 MB). */
#define PROCESS_BYTES     (12ull << 20)
#define MPI_LIBRARY_BYTES (11ull << 20)
/* A high rate for the recorded neurons (the network's is about 10 to 20 Hz); lists grow by
 * doubling, so up to twice what they hold. */
#define RECORDED_RATE_HZ 40.0

void snn_memory_estimate_rank(const snn_config *cfg, const snn_derived *d, int threads, int ranks,
                              int rank, snn_memory_estimate *out) {
    const snn_neuron_model *neuron = snn_models_neuron(&cfg->values);
    const snn_synapse_model *ee = snn_models_ee_synapse(&cfg->values);
    const uint64_t D2 = 2 * (uint64_t)d->delay_steps, N = (uint64_t)d->N, N_E = (uint64_t)d->N_E;
    const uint64_t N_I = (uint64_t)d->N_I, CE = (uint64_t)d->CE, CI = (uint64_t)d->CI;
    const int n_vp = threads * ranks;
    const size_t weight = ee->stores_weight ? sizeof(float) : 0;
    *out = (snn_memory_estimate){0};
    for (int t = 0; t < threads; t++) {
        const int vp = rank + ranks * t; /* as snn_network_create_on assigns them */
        const uint64_t n_local = snn_count_local(N, vp, n_vp);
        const uint64_t n_E = snn_count_local(N_E, vp, n_vp), n_I = n_local - n_E;
        /* E->E rows: local E targets' E draws; static rows: local I targets' E draws and
         * every local target's I draws */
        const uint64_t ee_entries = n_E * CE, static_entries = n_I * CE + n_local * CI;
        const unsigned target = snn_target_width(n_local, 0); /* as vp_fill chooses it */
        out->synapses += ee_entries * (target + weight) + static_entries * target;
        /* a static block of E sources holds E->I entries, one of I sources all I entries:
         * the fuller kind sets the width */
        const double ee_mean = (double)ee_entries / (double)N_E;
        const double e_static_mean = (double)(n_I * CE) / (double)N_E;
        const double i_static_mean = (double)(n_local * CI) / (double)N_I;
        out->row_index +=
            snn_row_index_bytes((uint32_t)N_E, snn_row_index_expected_width(ee_mean)) +
            snn_row_index_bytes((uint32_t)N,
                                snn_row_index_expected_width(
                                    e_static_mean > i_static_mean ? e_static_mean : i_static_mean));
        out->counting +=
            (N_E + N + 2) * sizeof(uint32_t) + ((N_E + N) / SNN_ROW_BLOCK + 4) * sizeof(uint64_t);
        out->neurons += n_local * (neuron->bytes_per_neuron + sizeof(uint8_t) +
                                   D2 * 2 * sizeof(double) + 4 * sizeof(uint32_t));
    }
    out->synapse_model = ee->bytes(d, threads, ranks);

    /* rank 0 keeps the recorded spikes of the whole network, as spikes and for the file */
    const double seconds =
        (double)(d->presim_steps + d->sim_steps) * cfg->values.simulation.dt / 1000.0;
    const double recorded = (double)(d->nrec + d->nrec_I) * RECORDED_RATE_HZ * seconds;
    out->simulation =
        (uint64_t)(recorded * (2 * sizeof(snn_spike) + sizeof(double) + sizeof(int64_t))) +
        (uint64_t)cfg->values.simulation.weight_sample * sizeof(float) +
        /* a snapshot's histograms: each VP's copies (weight_block.h) and their sum */
        ((uint64_t)threads * SNN_WEIGHT_BLOCK_COPIES + 1) *
            (uint64_t)cfg->values.simulation.weight_bins * sizeof(uint64_t);
    out->process = PROCESS_BYTES;
    out->mpi_library = ranks > 1 ? MPI_LIBRARY_BYTES : 0;

    const uint64_t built = out->synapses + out->row_index + out->neurons + out->synapse_model;
    const uint64_t counting = out->counting + out->neurons + out->synapse_model;
    out->peak =
        (built > counting ? built : counting) + out->simulation + out->process + out->mpi_library;
}

uint64_t snn_network_memory_estimate(const snn_config *cfg, const snn_derived *d, int threads,
                                     int ranks) {
    snn_memory_estimate e;
    snn_memory_estimate_rank(cfg, d, threads, ranks, 0, &e);
    return e.peak;
}
