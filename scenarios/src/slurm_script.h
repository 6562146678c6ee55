/* What the Slurm executor writes and runs: shell quoting, the batch script of an array, and
 * the files through which a task learns its point (so that nothing a user named, a folder or
 * a value, is ever read by a shell unquoted). */
#ifndef SNN_SLURM_SCRIPT_H
#define SNN_SLURM_SCRIPT_H

#include <stddef.h>
#include <stdio.h>

/* s in single quotes for a POSIX shell ('\'' for each quote); 0, or -1 if out does not
 * have room. */
int snn_shell_quote(const char *s, char *out, size_t len);

/* The batch script of array `array` of a study: it runs nothing but
 * `snnbench slurm-task DIR LIST $SLURM_ARRAY_TASK_ID`. */
int snn_slurm_script_write(FILE *out, const char *snnbench, const char *dir, const char *list,
                           const char *what);
/* The batch script of the summary job: `snnbench` with the given arguments. */
int snn_slurm_summary_script_write(FILE *out, const char *snnbench, char *const *args);

/* A point's command line, one argument after another, each ended by NUL. */
int snn_slurm_args_write(const char *path, char *const *args);
/* Read back: *args (NULL-terminated) point into *buffer; free both. */
int snn_slurm_args_read(const char *path, char ***args, char **buffer);

#endif
