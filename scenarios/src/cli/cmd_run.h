/* snnbench run: a whole study from one scenario file. */
#ifndef SNN_CMD_RUN_H
#define SNN_CMD_RUN_H

int snn_cmd_run(int argc, char **argv);

#endif
