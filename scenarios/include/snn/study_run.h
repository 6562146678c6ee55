/* snn_study_run: a study from a scenario file. Every point runs as its own `snnbench sim`
 * process into the study folder; complete points with the same parameters are kept
 * (resume), others are refused unless forced; the summary is rewritten after every point
 * from the analyses kept so far; at the end the table of analyses and the figures. */
#ifndef SNN_STUDY_RUN_H
#define SNN_STUDY_RUN_H

#include <stddef.h>

typedef struct {
    const char *scenario;    /* a .cfg path, or a library name (quick, hpc_benchmark, ...) */
    const char *out_dir;     /* NULL: results/runs/<scenario name> */
    const char *const *sets; /* "key=value" overrides */
    size_t n_sets;
    int dry_run;  /* list the points and their memory; run nothing */
    int force;    /* rerun points whose results exist, replace others' results */
    int analysis; /* analysis files, the table and the figures */
    /* Points of several ranks (simulation.ranks > 1) run under a launcher, given "-n RANKS"
     * after these words; NULL: SNN_DEFAULT_LAUNCHER. */
    const char *launcher;
    int oversubscribe; /* allow ranks x threads beyond the cores */
} snn_study_request;

#define SNN_DEFAULT_LAUNCHER "mpiexec --bind-to none"

/* The exit status: 0 every point ok, 1 a point failed or was refused, 2 nothing could run. */
int snn_study_run(const snn_study_request *req);

#endif
