/* snnbench run [SCENARIO] [-o DIR] [--set K=V] [--dry-run] [--force] [--no-analysis] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        "  --oversubscribe  allow ranks x threads beyond the cores\n"
        "  --executor E     local (default) or slurm (also `executor = \"slurm\";` in the\n"
        "                   scenario)\n"
        "  --jobs N         local: up to N points at once, as far as their cores and memory\n"
        "                   fit the machine together (default 1)\n"
        "slurm (the study folder must be on a file system the nodes share):\n"
        "  --partition P, --account A, --qos Q   passed to sbatch\n"
        "  --time T         time limit of every point (minutes, H:M:S or D-H:M:S; default\n"
        "                   estimated from the network)\n"
        "  --sbatch-args S  more sbatch options, split at blanks\n"
        "  --throttle K     at most K tasks of an array at once\n"
        "  --exclusive      whole nodes for every point (timing studies)\n"
        "  --no-wait        return once submitted; run again or --collect to pick up\n"
        "  --collect        submit nothing: collect what finished, wait for the rest\n"
        "  --cancel-on-interrupt  Ctrl-C cancels the queued and running points\n"
        "  --poll S         seconds between looks at the queue (default 5)\n");
}

int snn_cmd_run(int argc, char **argv) {
    static const struct option options[] = {{"output", required_argument, 0, 'o'},
                                            {"set", required_argument, 0, 's'},
                                            {"dry-run", no_argument, 0, 'n'},
                                            {"force", no_argument, 0, 'f'},
                                            {"no-analysis", no_argument, 0, 'a'},
                                            {"launcher", required_argument, 0, 'l'},
                                            {"oversubscribe", no_argument, 0, 'O'},
                                            {"executor", required_argument, 0, 'E'},
                                            {"jobs", required_argument, 0, 'j'},
                                            {"partition", required_argument, 0, 1000},
                                            {"account", required_argument, 0, 1001},
                                            {"qos", required_argument, 0, 1002},
                                            {"time", required_argument, 0, 1003},
                                            {"sbatch-args", required_argument, 0, 1004},
                                            {"throttle", required_argument, 0, 1005},
                                            {"exclusive", no_argument, 0, 1006},
                                            {"no-wait", no_argument, 0, 1007},
                                            {"collect", no_argument, 0, 1008},
                                            {"cancel-on-interrupt", no_argument, 0, 1009},
                                            {"poll", required_argument, 0, 1010},
                                            {"from-slurm", no_argument, 0, 1011},
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
        case 'E':
            if (strcmp(optarg, "local") == 0)
                req.executor = SNN_EXECUTOR_LOCAL;
            else if (strcmp(optarg, "slurm") == 0)
                req.executor = SNN_EXECUTOR_SLURM;
            else {
                fprintf(stderr, "snnbench run: --executor %s: allowed: local, slurm\n", optarg);
                return 2;
            }
            break;
        case 'j':
        case 1005: {
            char *end;
            const long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > (opt == 'j' ? SNN_JOBS_MAX : 100000)) {
                fprintf(stderr, "snnbench run: %s %s: allowed: an integer in [1, %d]\n",
                        opt == 'j' ? "--jobs" : "--throttle", optarg,
                        opt == 'j' ? SNN_JOBS_MAX : 100000);
                return 2;
            }
            if (opt == 'j')
                req.jobs = (int)v;
            else
                req.slurm.throttle = (int)v;
            break;
        }
        case 1000:
            req.slurm.partition = optarg;
            break;
        case 1001:
            req.slurm.account = optarg;
            break;
        case 1002:
            req.slurm.qos = optarg;
            break;
        case 1003:
            req.slurm.time = optarg;
            break;
        case 1004:
            req.slurm.extra = optarg;
            break;
        case 1006:
            req.slurm.exclusive = 1;
            break;
        case 1007:
            req.slurm.no_wait = 1;
            break;
        case 1008:
            req.slurm.collect = 1;
            break;
        case 1009:
            req.slurm.cancel_on_interrupt = 1;
            break;
        case 1010: {
            char *end;
            req.slurm.poll_seconds = strtod(optarg, &end);
            if (!*optarg || *end || !(req.slurm.poll_seconds >= 0.1) ||
                req.slurm.poll_seconds > 3600) {
                fprintf(stderr, "snnbench run: --poll %s: allowed: seconds in [0.1, 3600]\n",
                        optarg);
                return 2;
            }
            break;
        }
        case 1011:
            req.from_slurm = 1;
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
