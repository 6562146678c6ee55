/* snn_import_nest: a run of NEST's hpc_benchmark.py as an snnbench result file, so that
 * analyze, plot and compare read it like one of ours. */
#ifndef SNN_IMPORT_NEST_H
#define SNN_IMPORT_NEST_H

#include <stddef.h>

typedef struct {
    const char *dir;    /* NEST's output folder: log_<rank>.dat and <label>-<id>-<vp>.dat */
    const char *output; /* the result file to write (never replaced unless overwrite) */
    int overwrite;
    /* what NEST's files do not say: the run's parameters (defaults: the seed's) */
    double scale, presimtime_ms, simtime_ms;
    long long nrec; /* recorded E neurons */
    const char *command_line;
} snn_import_nest_request;

void snn_import_nest_defaults(snn_import_nest_request *r);
/* SNN_OK, or an error with the message (naming the file and line) in err; nothing is left
 * behind on error. */
int snn_import_nest(const snn_import_nest_request *r, char *err, size_t errlen);

#endif
