/* The commands of snnbench: each turns its options into a call of one component's C API and
 * returns the exit status. main (snnbench.c) dispatches on the first argument. */
#ifndef SNN_COMMANDS_H
#define SNN_COMMANDS_H

#include <stddef.h>

int snn_cmd_run(int argc, char **argv);         /* scenarios: study_run.h */
int snn_cmd_sim(int argc, char **argv);         /* engine: simulation.h */
int snn_cmd_analyze(int argc, char **argv);     /* analysis: study_analysis.h */
int snn_cmd_dip(int argc, char **argv);         /* analysis: dip.h */
int snn_cmd_plot(int argc, char **argv);        /* analysis: plot.h */
int snn_cmd_compare(int argc, char **argv);     /* analysis: compare.h */
int snn_cmd_import_nest(int argc, char **argv); /* scenarios: import_nest.h */
int snn_cmd_report(int argc, char **argv);      /* scenarios: report.h */
int snn_cmd_slurm_task(int argc, char **argv);  /* scenarios: slurm_task.h (Slurm runs it) */

/* "snnbench <command> <arguments>" as typed (argv[0] is the command), cut to fit len: the
 * command line a result file records. */
void snn_cmd_command_line(int argc, char **argv, char *buf, size_t len);

/* A number option in [lo, hi]: 0, or -1 after a message naming the option and the range. */
int snn_cmd_number_option(const char *command, const char *name, const char *text, double lo,
                          double hi, double *out);

#endif
