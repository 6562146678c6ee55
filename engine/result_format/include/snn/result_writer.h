/* snn_result_writer: one self-describing HDF5 file per simulation (layout in README.md),
 * written from plain data, so that the format knows nothing of the engine's structures.
 *
 * The caller claims the name before the simulation starts (snn_output_begin: an existing
 * file, a name another process is writing or an unusable path is refused before anything is
 * allocated); snn_result_write fills the .part and publishes it whole, or removes it.
 */
#ifndef SNN_RESULT_WRITER_H
#define SNN_RESULT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "snn/output_file.h"
#include "snn/params.h"
#include "snn/result_format.h"

/* The recorded spikes of one population, in (time, id) order. */
typedef struct {
    int64_t first_gid; /* node ids in the file are gid - first_gid */
    int64_t recorded;  /* neurons recorded */
    size_t n;
    const double *t_ms;
    const uint64_t *node_ids;
} snn_result_spikes;

/* The E->E weights at one moment: a histogram on [0, hi) and the moments. */
typedef struct {
    double time_ms;
    uint64_t count, clipped_at_zero, above_range; /* above_range: w >= hi, not in bins */
    double mean, std, min, max;                   /* pA */
    uint32_t n_bins;
    double hi;      /* bins are [i hi / n_bins, (i + 1) hi / n_bins) */
    uint64_t *bins; /* n_bins counts */
} snn_weight_snapshot;

typedef struct {
    const snn_config *cfg;
    double derived[SNN_DERIVED_FIELDS];
    double timers[SNN_TIMER_FIELDS];
    /* per rank (ranks values each, rank order) the timers of snn_result_rank_timers */
    const double *rank_timers[SNN_RANK_TIMERS];
    double presim_end_ms, sim_end_ms;
    snn_result_spikes spikes[SNN_POPULATIONS];
    const snn_weight_snapshot *snapshots;
    size_t n_snapshots;
    const float *sample;
    uint64_t n_sample;
    int64_t threads, ranks;            /* threads per rank */
    const char *mpi_library;           /* "none" without MPI */
    const char *rank_hosts;            /* every rank's host name, in rank order, comma-separated */
    const char *rank_cpus;             /* every rank's number of CPUs it may run on (its binding) */
    const char *rank_row_loops;        /* every rank's E->E row loop (snn_synapse_model.row_loop) */
    char start_time[32], end_time[32]; /* UTC, ISO 8601 */
    const char *command_line;
    const char
        *libraries; /* "HDF5 1.10.8, GSL 2.7.1, OpenMP 201511, Open MPI v4.1.4"; NULL: none */
    /* Another simulator's run brought into the format (snnbench import-nest): its name and
     * version ("NEST 3.9.0"), and what its files could not give; NULL for snnbench's own. */
    const char *simulator, *not_recovered;
} snn_result_record;

/* Writes the result into f's .part and publishes it (snn_output_commit). On error the .part
 * is removed and err says what failed. */
int snn_result_write(snn_output_file *f, const snn_result_record *r, char *err, size_t errlen);

#endif
