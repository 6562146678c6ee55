/* snnbench slurm-task DIR LIST INDEX: what a study's Slurm array task runs (written into the
 * batch scripts by `snnbench run --executor slurm`; not for people). */
#include <stdio.h>

#include "commands.h"
#include "snn/slurm_task.h"

int snn_cmd_slurm_task(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: snnbench slurm-task DIR LIST INDEX (run by Slurm for "
                        "`snnbench run --executor slurm`)\n");
        return 2;
    }
    return snn_slurm_task(argv[1], argv[2], argv[3]);
}
