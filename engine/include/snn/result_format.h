/* snn_result_format: the identity of a result file, shared by its writer (engine) and its
 * reader (analysis). A reader refuses a file without this format name or with another
 * version; the writer bumps the version whenever the layout (README, result format) changes. */
#ifndef SNN_RESULT_FORMAT_H
#define SNN_RESULT_FORMAT_H

#define SNN_RESULT_FORMAT         "snnbench-result"
#define SNN_RESULT_FORMAT_VERSION 1

/* The numeric attributes of /timers and of /config/derived (those of /config are the
 * parameter table's keys). Readers read them by name: never by iterating a file's attribute
 * tables, which libhdf5 1.10 walks unsafely in corrupt files (README, known limits). */
static const char *const snn_result_timer_names[] = {"time_construction_create",
                                                     "time_construction_connect",
                                                     "time_presimulate",
                                                     "time_simulate",
                                                     "time_update",
                                                     "time_gather_spike_data",
                                                     "time_deliver_spike_data",
                                                     "time_weight_snapshots",
                                                     "biological_time",
                                                     "VmPeak_after_nodes",
                                                     "VmRSS_after_nodes",
                                                     "VmPeak_after_edges",
                                                     "VmRSS_after_edges",
                                                     "VmPeak_after_presim",
                                                     "VmRSS_after_presim",
                                                     "VmPeak_after_sim",
                                                     "VmRSS_after_sim",
                                                     "VmHWM",
                                                     "num_connections",
                                                     "bytes_per_synapse",
                                                     "synaptic_events_sim",
                                                     "synaptic_events_total",
                                                     "events_per_second",
                                                     "rtf"};
static const char *const snn_result_derived_names[] = {"N_E",
                                                       "N_I",
                                                       "CE",
                                                       "CI",
                                                       "nrec",
                                                       "nrec_I",
                                                       "J_E_pA",
                                                       "J_I_pA",
                                                       "poisson_rate_hz",
                                                       "synapses_plastic",
                                                       "synapses"};

#endif
