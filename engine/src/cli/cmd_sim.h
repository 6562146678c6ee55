/* snnbench sim: parse options, build, presimulate, simulate, log the seed's figures. */
#ifndef SNN_CMD_SIM_H
#define SNN_CMD_SIM_H

int snn_cmd_sim(int argc, char **argv);

#endif
