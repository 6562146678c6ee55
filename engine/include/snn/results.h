/* snn_results: one self-describing HDF5 file per simulation (layout in README.md).
 *
 * The caller claims the name before the simulation starts (snn_output_begin: an existing
 * file, a name another process is writing or an unusable path is refused before anything is
 * allocated); snn_result_write fills the .part and publishes it whole, or removes it.
 */
#ifndef SNN_RESULTS_H
#define SNN_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "snn/network.h"
#include "snn/output_file.h"
#include "snn/result_format.h"
#include "snn/sysinfo.h"
#include "snn/weights.h"

enum { SNN_PHASE_NODES, SNN_PHASE_EDGES, SNN_PHASE_PRESIM, SNN_PHASE_SIM, SNN_PHASES };
extern const char *const snn_phase_names[SNN_PHASES]; /* "nodes", "edges", "presim", "sim" */

typedef struct {
    double seconds[SNN_PHASES];           /* wall-clock time of each phase */
    snn_memory_status memory[SNN_PHASES]; /* after each phase */
    snn_sim_timers sim;                   /* inside the simulation phase */
    uint64_t events_sim, events_total;    /* synaptic events delivered */
    double weight_snapshots; /* s spent recording weight histograms, kept out of the phases */
} snn_run_timers;

typedef struct {
    const snn_network *net;
    const snn_weight_snapshot *snapshots;
    size_t n_snapshots;
    const float *sample;
    uint64_t n_sample;
    snn_run_timers timers;
    char start_time[32], end_time[32]; /* UTC, ISO 8601 */
    const char *command_line;
} snn_run_record;

/* The identity every reader checks: a file without this format, or with another version,
 * is not read as a result. */
#define SNN_RESULT_FORMAT         "snnbench-result"
#define SNN_RESULT_FORMAT_VERSION 1

/* Writes the result into f's .part and publishes it (snn_output_commit). On error the .part
 * is removed and err says what failed. */
int snn_result_write(snn_output_file *f, const snn_run_record *r, char *err, size_t errlen);

/* Now, as "YYYY-MM-DDTHH:MM:SSZ". */
void snn_utc_now(char *buf, size_t len);

#endif
