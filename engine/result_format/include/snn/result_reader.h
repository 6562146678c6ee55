/* snn_result_reader: a result file read back into memory, for the analysis tools, through
 * the names of result_format.h.
 * A file that is not an HDF5 file, not a snnbench result, or lacks a required part is
 * refused with a message that names the file and what is wrong. */
#ifndef SNN_RESULT_READER_H
#define SNN_RESULT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "snn/result_format.h"

typedef struct {
    double *t;    /* ms, sorted */
    uint64_t *id; /* population-local */
    size_t n;
    int64_t recorded; /* neurons recorded */
} snn_spike_train_set;

typedef struct {
    char name[128];
    double value;
} snn_named_value;

typedef struct {
    char name[64];
    char *value;
} snn_named_text;

typedef struct {
    char path[4096];
    double presim_end_ms, sim_end_ms;
    snn_spike_train_set E, I;
    size_t n_snapshots, n_bins;
    double *snapshot_times, *bin_edges, *mean, *std, *min, *max; /* per snapshot */
    uint64_t *histogram, *count, *clipped, *above;               /* hist: snapshot x bin */
    float *sample;
    size_t n_sample;
    snn_named_value *config, *timers, *derived; /* numeric attributes */
    size_t n_config, n_timers, n_derived;
    char git_commit[64], start_time[32];
    /* "snnbench <version>", or the simulator an imported run came from ("NEST 3.9.0"), and
     * what its files could not give ("" for snnbench's own) */
    char simulator[96], not_recovered[512];
    /* every /provenance attribute of snn_result_provenance_keys the file has, as text */
    snn_named_text *provenance;
    size_t n_provenance;
} snn_result;

int snn_result_read(const char *path, snn_result *r, char *err, size_t errlen);
void snn_result_free(snn_result *r);
/* A numeric attribute of /config, /timers or /config/derived by name; NAN if absent. */
double snn_result_config(const snn_result *r, const char *key);
double snn_result_timer(const snn_result *r, const char *key);
double snn_result_derived(const snn_result *r, const char *key);
/* A /provenance attribute as text; NULL if the file lacks it. */
const char *snn_result_provenance(const snn_result *r, const char *key);
/* The same by the format's index (result_format.h). */
double snn_result_timer_at(const snn_result *r, snn_result_timer_index i);
double snn_result_derived_at(const snn_result *r, snn_result_derived_index i);
/* The point a result belongs to: every /config value but the seed, as text. Repetitions of
 * one point share it. */
void snn_result_point_key(const snn_result *r, char *buf, size_t len);

#endif
