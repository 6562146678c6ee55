/* One simulation point from start to result file: build, presimulate and simulate with
 * weight snapshots and progress, sample the weights, log the seed's figures, write the
 * HDF5 result. */
#ifndef SNN_SIM_RUN_H
#define SNN_SIM_RUN_H

#include <stdio.h>

#include "snn/params.h"
#include "snn/results.h"

typedef struct {
    FILE *log;               /* the log file, besides stdout; may be NULL */
    FILE *progress;          /* NULL: quiet */
    snn_output_file *result; /* claimed by the caller; NULL: no result file */
    const char *command_line;
} snn_sim_options;

int snn_sim_run(const snn_config *cfg, const snn_sim_options *opt);

#endif
