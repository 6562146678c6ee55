/* snnbench: one front end, git-style subcommands, each a thin wrapper (commands.h) over the
 * C API of the component that does the work. */
#include <hdf5.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void usage(FILE *out) {
    fprintf(out, "usage: snnbench <command> [options]\n\n"
                 "commands:\n"
                 "  run      a whole study from a scenario file (default: hpc_benchmark)\n"
                 "  sim      build and simulate the hpc_benchmark network, one point\n"
                 "  analyze  rates, irregularity, synchrony, weights and the dip test of results\n"
                 "  dip      Hartigan's dip test on numbers, one per line\n"
                 "  plot     gnuplot figures of a result or a study\n"
                 "  compare  speed, memory and dynamics of two results or studies\n"
                 "  report   one self-contained HTML page of a study or a result\n"
                 "  import-nest  a run of NEST's hpc_benchmark.py as a result file\n"
                 "Each command takes --help.\n");
}

int main(int argc, char **argv) {
    /* libhdf5 1.10 crashes in its exit handler when a file whose close failed (disk full) is
     * still in its tables; every file is closed by the commands themselves, so the library's
     * own clean-up at exit is not needed (README, known limits). */
    H5dont_atexit();
    /* glibc raises its mmap threshold each time a large block is freed, so whether a later
     * allocation is mapped (and returned when freed) or carved from a thread's arena (and
     * kept) would depend on the order in which the VPs' threads free their counts and
     * allocate. A fixed threshold (glibc's default value) takes that order out of the peak
     * memory a run reports. (Suspected cause of a rank's peak 4 MB above its usual in one CI
     * run of mpi_memory; not reproduced here.) */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {{"run", snn_cmd_run},
                    {"sim", snn_cmd_sim},
                    {"analyze", snn_cmd_analyze},
                    {"dip", snn_cmd_dip},
                    {"plot", snn_cmd_plot},
                    {"compare", snn_cmd_compare},
                    {"import-nest", snn_cmd_import_nest},
                    {"report", snn_cmd_report},
                    {"slurm-task", snn_cmd_slurm_task}};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "snnbench: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
