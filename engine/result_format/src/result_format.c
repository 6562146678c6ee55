/* The name tables of the result format, in the order of their index enums. */
#include "snn/result_format.h"

#include <string.h>

const char *const snn_result_later_params[] = {"network.ee_synapse", "simulation.ranks", NULL};

const char *const snn_result_provenance_keys[] = {"simulator",
                                                  "snnbench_version",
                                                  "git_commit",
                                                  "git_dirty",
                                                  "git_diff_sha256",
                                                  "compiler",
                                                  "compiler_flags",
                                                  "build_type",
                                                  "libraries",
                                                  "hdf5_version",
                                                  "mpi_library",
                                                  "command_line",
                                                  "environment",
                                                  "batch_job",
                                                  "ranks",
                                                  "threads",
                                                  "seed",
                                                  "hostname",
                                                  "rank_hostnames",
                                                  "rank_cpus_allowed",
                                                  "rank_ee_row_loop",
                                                  "cpu_model",
                                                  "cores",
                                                  "kernel",
                                                  "transparent_hugepages",
                                                  "start_time",
                                                  "end_time",
                                                  "not_recovered",
                                                  "imported_by",
                                                  NULL};

const char *const snn_result_population_names[SNN_POPULATIONS] = {"E", "I"};

const snn_result_field snn_result_timer_fields[SNN_TIMER_FIELDS] = {
    [SNN_TIMER_CONSTRUCTION_CREATE] = {"time_construction_create", 0},
    [SNN_TIMER_CONSTRUCTION_CONNECT] = {"time_construction_connect", 0},
    [SNN_TIMER_PRESIMULATE] = {"time_presimulate", 0},
    [SNN_TIMER_SIMULATE] = {"time_simulate", 0},
    [SNN_TIMER_UPDATE] = {"time_update", 0},
    [SNN_TIMER_GATHER_SPIKE_DATA] = {"time_gather_spike_data", 0},
    [SNN_TIMER_DELIVER_SPIKE_DATA] = {"time_deliver_spike_data", 0},
    [SNN_TIMER_WEIGHT_SNAPSHOTS] = {"time_weight_snapshots", 0},
    [SNN_TIMER_BIOLOGICAL_TIME] = {"biological_time", 0},
    [SNN_TIMER_VMPEAK_AFTER_NODES] = {"VmPeak_after_nodes", 1},
    [SNN_TIMER_VMRSS_AFTER_NODES] = {"VmRSS_after_nodes", 1},
    [SNN_TIMER_VMPEAK_AFTER_EDGES] = {"VmPeak_after_edges", 1},
    [SNN_TIMER_VMRSS_AFTER_EDGES] = {"VmRSS_after_edges", 1},
    [SNN_TIMER_VMPEAK_AFTER_PRESIM] = {"VmPeak_after_presim", 1},
    [SNN_TIMER_VMRSS_AFTER_PRESIM] = {"VmRSS_after_presim", 1},
    [SNN_TIMER_VMPEAK_AFTER_SIM] = {"VmPeak_after_sim", 1},
    [SNN_TIMER_VMRSS_AFTER_SIM] = {"VmRSS_after_sim", 1},
    [SNN_TIMER_VMHWM] = {"VmHWM", 1},
    [SNN_TIMER_NUM_CONNECTIONS] = {"num_connections", 1},
    [SNN_TIMER_BYTES_PER_SYNAPSE] = {"bytes_per_synapse", 0},
    [SNN_TIMER_SYNAPTIC_EVENTS_SIM] = {"synaptic_events_sim", 1},
    [SNN_TIMER_SYNAPTIC_EVENTS_TOTAL] = {"synaptic_events_total", 1},
    [SNN_TIMER_EVENTS_PER_SECOND] = {"events_per_second", 0},
    [SNN_TIMER_RTF] = {"rtf", 0},
    [SNN_TIMER_COMMUNICATE_SPIKE_DATA] = {"time_communicate_spike_data", 0},
    [SNN_TIMER_MPI_SYNCHRONIZATION] = {"time_mpi_synchronization", 0},
};

const int snn_result_rank_timers[SNN_RANK_TIMERS] = {
    SNN_TIMER_SIMULATE,           SNN_TIMER_UPDATE,
    SNN_TIMER_GATHER_SPIKE_DATA,  SNN_TIMER_COMMUNICATE_SPIKE_DATA,
    SNN_TIMER_DELIVER_SPIKE_DATA, SNN_TIMER_VMHWM,
    SNN_TIMER_MPI_SYNCHRONIZATION};

const snn_result_field snn_result_derived_fields[SNN_DERIVED_FIELDS] = {
    [SNN_DERIVED_N_E] = {"N_E", 1},
    [SNN_DERIVED_N_I] = {"N_I", 1},
    [SNN_DERIVED_CE] = {"CE", 1},
    [SNN_DERIVED_CI] = {"CI", 1},
    [SNN_DERIVED_NREC] = {"nrec", 1},
    [SNN_DERIVED_NREC_I] = {"nrec_I", 1},
    [SNN_DERIVED_J_E_PA] = {"J_E_pA", 0},
    [SNN_DERIVED_J_I_PA] = {"J_I_pA", 0},
    [SNN_DERIVED_POISSON_RATE_HZ] = {"poisson_rate_hz", 0},
    [SNN_DERIVED_SYNAPSES_PLASTIC] = {"synapses_plastic", 1},
    [SNN_DERIVED_SYNAPSES] = {"synapses", 1},
};

static int find(const snn_result_field *fields, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(fields[i].name, name) == 0) return i;
    return -1;
}

int snn_result_timer_find(const char *name) {
    return find(snn_result_timer_fields, SNN_TIMER_FIELDS, name);
}

int snn_result_derived_find(const char *name) {
    return find(snn_result_derived_fields, SNN_DERIVED_FIELDS, name);
}
