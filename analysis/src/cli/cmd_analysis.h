/* The analysis subcommands of snnbench. */
#ifndef SNN_CMD_ANALYSIS_H
#define SNN_CMD_ANALYSIS_H

int snn_cmd_analyze(int argc, char **argv);
int snn_cmd_dip(int argc, char **argv);
int snn_cmd_plot(int argc, char **argv);
int snn_cmd_compare(int argc, char **argv);

#endif
