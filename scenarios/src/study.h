/* The runner's inside: one study being run, shared by the runner (study_run.c) and its
 * executors (executor_local.c runs points here, executor_slurm.c hands them to Slurm). */
#ifndef SNN_STUDY_H
#define SNN_STUDY_H

#include <limits.h>
#include <stddef.h>

#include "snn/params.h"
#include "snn/scenario.h"
#include "snn/study_run.h"
#include "summary.h"

/* What is already at a point's result path. */
typedef enum { POINT_ABSENT, POINT_SAME, POINT_DIFFERENT, POINT_UNREADABLE } existing_state;

typedef struct {
    const snn_study_request *req;
    snn_scenario scenario;
    snn_point *points;
    size_t n;
    char dir[PATH_MAX], self[PATH_MAX];
    existing_state *state;
    snn_summary_row *rows; /* a point's row holds a status once it has ended (or was kept) */
    int lock;
    int lock_busy; /* another runner holds the folder */
} study;

/* The command line of point i: `launcher... snnbench sim --set ... -o FILE`, with buffers. */
#define SNN_LAUNCHER_WORDS_MAX 32
typedef struct {
    char sets[SNN_MAX_PARAMS][160], launcher[1024], ranks[32], threads[32], out[PATH_MAX + 300];
    char *args[2 * SNN_MAX_PARAMS + 16 + SNN_LAUNCHER_WORDS_MAX];
    size_t n;
} point_command;
/* launcher: NULL for none, else words split at blanks, then "-n RANKS" if with_ranks. */
void study_point_command(const study *st, size_t i, const char *launcher, int with_ranks,
                         point_command *c);
/* The local launcher of a point of several ranks (--launcher, the scenario's, or the
 * default), or NULL for one rank. */
const char *study_local_launcher(const study *st, size_t i, char *buf, size_t len);

/* Refused before it starts (status set, 1): ranks x threads beyond the cores, or more memory
 * than is available; `here` of its ranks count against this machine. */
int study_refuse_cores(const study *st, size_t i, char *status, size_t len);
int study_refuse_memory(const study *st, size_t i, char *status, size_t len);
/* How many of point i's ranks run on this machine (all with the default launcher). */
int study_ranks_here(const study *st, size_t i);

/* A point has ended (or is kept): analysed once if ok or kept, and the summary rewritten
 * from every row that has ended so far. */
void study_point_ended(study *st, size_t i);
/* The rows that have ended, for the summary. */
void study_write_summary(const study *st);
/* "ok" or "kept". */
int study_row_good(const snn_summary_row *row);

/* Executors: run (or hand over) every point that is not kept; return the number that failed
 * or were refused, *done the number that ended. */
size_t study_executor_local(study *st, size_t *done);
/* Slurm: the points go to Slurm as job arrays; see executor_slurm.c. Returns as above;
 * *pending the points still queued or running when the runner stops waiting (--no-wait). */
size_t study_executor_slurm(study *st, size_t *done, size_t *pending);

#endif
