/* snn_study_run: a study from a scenario file. Every point runs as its own `snnbench sim`
 * process into the study folder; complete points with the same parameters are kept
 * (resume), others are refused unless forced; the summary is rewritten after every point
 * from the analyses kept so far; at the end the table of analyses and the figures. */
#ifndef SNN_STUDY_RUN_H
#define SNN_STUDY_RUN_H

#include <stddef.h>

typedef enum { SNN_EXECUTOR_DEFAULT, SNN_EXECUTOR_LOCAL, SNN_EXECUTOR_SLURM } snn_executor;

/* How points go to Slurm (--executor slurm); NULL or 0: Slurm's defaults or the scenario's. */
typedef struct {
    const char *partition, *account, *qos;
    const char *time;  /* --time for every point, e.g. "01:00:00"; NULL: estimated */
    const char *extra; /* more sbatch options, split at blanks */
    int throttle;      /* at most this many tasks of an array at once (%K) */
    int exclusive;     /* whole nodes (timing studies) */
    int no_wait;       /* return once submitted */
    int collect;       /* submit nothing: pick up what finished, wait for the rest */
    int cancel_on_interrupt;
    double poll_seconds; /* between looks at squeue (default 5) */
} snn_slurm_options;

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
    int jobs;          /* local: points at once (0 or 1: one after another) */
    int from_slurm;    /* the summary job: a busy study folder means its runner still waits */
    snn_executor executor;
    snn_slurm_options slurm;
} snn_study_request;

#define SNN_DEFAULT_LAUNCHER "mpiexec --bind-to none"
/* The scenario file as the study's last run read it, kept in the study folder. */
#define SNN_STUDY_SCENARIO "scenario.cfg"
#define SNN_JOBS_MAX       256

/* The exit status: 0 every point ok, 1 a point failed or was refused, 2 nothing could run. */
int snn_study_run(const snn_study_request *req);

#endif
