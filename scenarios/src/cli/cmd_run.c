/* snnbench run [SCENARIO] [-o DIR] [--set K=V] [--dry-run] [--force] [--no-analysis] */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "snn/study_run.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: snnbench run [SCENARIO] [options]\n"
        "  SCENARIO         a .cfg file, or a name from the library (quick, hpc_benchmark, ...);\n"
        "                   default hpc_benchmark\n"
        "  -o, --output DIR study folder (default results/runs/<scenario name>)\n"
        "  --set KEY=VALUE  override a value (base or swept), repeatable\n"
        "  --dry-run        list the points and the memory they need; run nothing\n"
        "  --force          rerun points whose results exist\n"
        "  --no-analysis    skip the analysis table and figures at the end\n"
        "  --launcher CMD   how a point of several ranks starts (default \"" SNN_DEFAULT_LAUNCHER
        "\";\n"
        "                   \"-n RANKS\" follows), e.g. \"srun --mpi=pmix\"\n"
        "  --oversubscribe  allow ranks x threads beyond the cores\n");
}

int snn_cmd_run(int argc, char **argv) {
    static const struct option options[] = {{"output", required_argument, 0, 'o'},
                                            {"set", required_argument, 0, 's'},
                                            {"dry-run", no_argument, 0, 'n'},
                                            {"force", no_argument, 0, 'f'},
                                            {"no-analysis", no_argument, 0, 'a'},
                                            {"launcher", required_argument, 0, 'l'},
                                            {"oversubscribe", no_argument, 0, 'O'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *sets[256];
    snn_study_request req = {.scenario = "hpc_benchmark", .sets = sets, .analysis = 1};
    int opt;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (opt) {
        case 'o':
            req.out_dir = optarg;
            break;
        case 's':
            if (req.n_sets == sizeof sets / sizeof sets[0]) {
                fprintf(stderr, "snnbench run: more than %zu --set options\n", req.n_sets);
                return 2;
            }
            sets[req.n_sets++] = optarg;
            break;
        case 'n':
            req.dry_run = 1;
            break;
        case 'f':
            req.force = 1;
            break;
        case 'a':
            req.analysis = 0;
            break;
        case 'l':
            req.launcher = optarg;
            break;
        case 'O':
            req.oversubscribe = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 < argc) {
        usage(stderr);
        return 2;
    }
    if (optind < argc) req.scenario = argv[optind];
    return snn_study_run(&req);
}
