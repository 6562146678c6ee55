/* snn_results: one self-describing HDF5 file per simulation (layout in README.md).
 *
 * The file is written as NAME.h5.part and renamed to NAME.h5 only when complete, so a
 * file that exists is whole. snn_result_reserve claims the name before the simulation
 * starts (refusing an existing NAME.h5 unless overwrite is set, and finding an unwritable
 * folder early); snn_result_write writes and renames; snn_result_discard removes the part.
 */
#ifndef SNN_RESULTS_H
#define SNN_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "snn/network.h"
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

typedef struct {
    char path[4096];
    char part[4104];
} snn_result_file;

int snn_result_reserve(snn_result_file *f, const char *path, int overwrite, char *err,
                       size_t errlen);
int snn_result_write(snn_result_file *f, const snn_run_record *r, char *err, size_t errlen);
void snn_result_discard(const snn_result_file *f);

/* Now, as "YYYY-MM-DDTHH:MM:SSZ". */
void snn_utc_now(char *buf, size_t len);

#endif
