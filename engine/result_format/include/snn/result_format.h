/* snn_result_format: the names and the version of a result file, owned here once. The
 * writer (engine) and the reader (analysis) both use these names; nothing else spells them.
 * A reader refuses a file without this format name or with another version; the version is
 * bumped whenever the layout (README, result format) changes incompatibly. */
#ifndef SNN_RESULT_FORMAT_H
#define SNN_RESULT_FORMAT_H

#include <stddef.h>

#define SNN_RESULT_FORMAT         "snnbench-result"
#define SNN_RESULT_FORMAT_VERSION 1

/* Root attributes. */
#define SNN_RF_ATTR_FORMAT  "format"
#define SNN_RF_ATTR_VERSION "format_version"

/* Groups. */
#define SNN_RF_SPIKES     "spikes"
#define SNN_RF_WEIGHTS    "weights"
#define SNN_RF_TIMERS     "timers"
#define SNN_RF_CONFIG     "config"
#define SNN_RF_DERIVED    "derived" /* inside /config */
#define SNN_RF_PROVENANCE "provenance"

/* /spikes and /spikes/<population> (SONATA). */
#define SNN_RF_PRESIM_END     "presim_end_ms"
#define SNN_RF_SIM_END        "sim_end_ms"
#define SNN_RF_SORTING        "sorting"
#define SNN_RF_SORTED_BY_TIME "by_time"
#define SNN_RF_RECORDED       "recorded_neurons"
#define SNN_RF_FIRST_GID      "first_gid"
#define SNN_RF_TIMESTAMPS     "timestamps"
#define SNN_RF_NODE_IDS       "node_ids"
#define SNN_RF_UNITS          "units"

/* /weights: per-snapshot vectors, the histogram (snapshot x bin) and the sample. */
#define SNN_RF_BIN_EDGES       "bin_edges"
#define SNN_RF_SNAPSHOT_TIMES  "snapshot_times"
#define SNN_RF_HISTOGRAM       "histogram"
#define SNN_RF_MEAN            "mean"
#define SNN_RF_STD             "std"
#define SNN_RF_MIN             "min"
#define SNN_RF_MAX             "max"
#define SNN_RF_COUNT           "count"
#define SNN_RF_CLIPPED_AT_ZERO "clipped_at_zero"
#define SNN_RF_ABOVE_RANGE     "above_range"
#define SNN_RF_SAMPLE          "sample"

/* /config: one attribute per parameter under its key, with KEY.unit and KEY.origin. */
#define SNN_RF_UNIT_SUFFIX   ".unit"
#define SNN_RF_ORIGIN_SUFFIX ".origin"

/* Parameters added to /config after the format's version 1 was first written, NULL-ended:
 * a file without one of them ran with its default, and readers take that. */
extern const char *const snn_result_later_params[];

/* /provenance: every attribute a reader may show, in the order a person reads them; each is
 * a string or an integer, and a file may lack any of them (older files, imported runs, which
 * do not record the importing machine). NULL-ended. */
extern const char *const snn_result_provenance_keys[];

/* The populations, in file order. */
enum { SNN_POP_E, SNN_POP_I, SNN_POPULATIONS };
extern const char *const snn_result_population_names[SNN_POPULATIONS]; /* "E", "I" */

/* The numeric attributes of /timers and of /config/derived: an index per name, so that
 * the writer fills and the reader finds them without spelling a name. Readers read them by
 * name, never by iterating a file's attribute tables, which libhdf5 1.10 walks unsafely in
 * corrupt files (README, known limits). */
typedef struct {
    const char *name;
    int integer; /* written as int64 (counts, kB), else as double */
} snn_result_field;

typedef enum {
    SNN_TIMER_CONSTRUCTION_CREATE,
    SNN_TIMER_CONSTRUCTION_CONNECT,
    SNN_TIMER_PRESIMULATE,
    SNN_TIMER_SIMULATE,
    SNN_TIMER_UPDATE,
    SNN_TIMER_GATHER_SPIKE_DATA,
    SNN_TIMER_DELIVER_SPIKE_DATA,
    SNN_TIMER_WEIGHT_SNAPSHOTS,
    SNN_TIMER_BIOLOGICAL_TIME,
    SNN_TIMER_VMPEAK_AFTER_NODES, /* VmPeak and VmRSS after each phase, in phase order */
    SNN_TIMER_VMRSS_AFTER_NODES,
    SNN_TIMER_VMPEAK_AFTER_EDGES,
    SNN_TIMER_VMRSS_AFTER_EDGES,
    SNN_TIMER_VMPEAK_AFTER_PRESIM,
    SNN_TIMER_VMRSS_AFTER_PRESIM,
    SNN_TIMER_VMPEAK_AFTER_SIM,
    SNN_TIMER_VMRSS_AFTER_SIM,
    SNN_TIMER_VMHWM,
    SNN_TIMER_NUM_CONNECTIONS,
    SNN_TIMER_BYTES_PER_SYNAPSE,
    SNN_TIMER_SYNAPTIC_EVENTS_SIM,
    SNN_TIMER_SYNAPTIC_EVENTS_TOTAL,
    SNN_TIMER_EVENTS_PER_SECOND,
    SNN_TIMER_RTF,
    SNN_TIMER_COMMUNICATE_SPIKE_DATA, /* the exchange between ranks, inside gather */
    SNN_TIMER_MPI_SYNCHRONIZATION,    /* inside the exchange: waiting for the other ranks */
    SNN_TIMER_FIELDS
} snn_result_timer_index;
extern const snn_result_field snn_result_timer_fields[SNN_TIMER_FIELDS];

typedef enum {
    SNN_DERIVED_N_E,
    SNN_DERIVED_N_I,
    SNN_DERIVED_CE,
    SNN_DERIVED_CI,
    SNN_DERIVED_NREC,
    SNN_DERIVED_NREC_I,
    SNN_DERIVED_J_E_PA,
    SNN_DERIVED_J_I_PA,
    SNN_DERIVED_POISSON_RATE_HZ,
    SNN_DERIVED_SYNAPSES_PLASTIC,
    SNN_DERIVED_SYNAPSES,
    SNN_DERIVED_FIELDS
} snn_result_derived_index;
extern const snn_result_field snn_result_derived_fields[SNN_DERIVED_FIELDS];

/* /timers/ranks: per rank, the timers that show imbalance, one dataset each (rank order);
 * /timers holds the slowest rank's value, and <name>_min the fastest's. */
#define SNN_RF_RANKS "ranks"
enum { SNN_RANK_TIMERS = 7 };
extern const int snn_result_rank_timers[SNN_RANK_TIMERS]; /* snn_result_timer_index values */

/* The index of a timer or derived name, or -1. */
int snn_result_timer_find(const char *name);
int snn_result_derived_find(const char *name);

#endif
