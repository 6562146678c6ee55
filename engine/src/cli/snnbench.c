/* snnbench: one front end, git-style subcommands; each lives with its component. */
#include <stdio.h>
#include <string.h>

#include "cmd_sim.h"

static void usage(FILE *out) {
    fprintf(out, "usage: snnbench <command> [options]\n\n"
                 "commands:\n"
                 "  sim     build and simulate the hpc_benchmark network (snnbench sim --help)\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "sim") == 0) return snn_cmd_sim(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "snnbench: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
