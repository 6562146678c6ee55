/* snnbench import-nest DIR -o FILE.h5: a run of NEST's hpc_benchmark.py as a result file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "snn/error.h"
#include "snn/import_nest.h"

static void usage(FILE *out) {
    fprintf(out, "usage: snnbench import-nest DIR -o FILE.h5 [options]\n"
                 "  DIR              NEST's output: log_<rank>.dat and the spike recorder's\n"
                 "                   <label>-<id>-<vp>.dat (ASCII backend)\n"
                 "  -o, --output F   the result file to write\n"
                 "  --overwrite      replace F if it exists\n"
                 "what NEST's files do not say (default: the seed's run):\n"
                 "  --scale X        the run's scale (default 1)\n"
                 "  --presimtime MS  (default 50)\n"
                 "  --simtime MS     (default 250)\n"
                 "  --nrec N         recorded E neurons (default 1000)\n");
}

int snn_cmd_import_nest(int argc, char **argv) {
    static const struct option options[] = {
        {"output", required_argument, 0, 'o'},  {"overwrite", no_argument, 0, 'w'},
        {"scale", required_argument, 0, 's'},   {"presimtime", required_argument, 0, 'p'},
        {"simtime", required_argument, 0, 'T'}, {"nrec", required_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    snn_import_nest_request q;
    snn_import_nest_defaults(&q);
    double nrec = (double)q.nrec;
    char command[4096]; /* as typed: getopt reorders argv */
    snn_cmd_command_line(argc, argv, command, sizeof command);
    int opt, bad = 0;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (opt) {
        case 'o':
            q.output = optarg;
            break;
        case 'w':
            q.overwrite = 1;
            break;
        case 's':
            bad |= snn_cmd_number_option("import-nest", "--scale", optarg, 1e-3, 1000, &q.scale);
            break;
        case 'p':
            bad |= snn_cmd_number_option("import-nest", "--presimtime", optarg, 0, 1e7,
                                         &q.presimtime_ms);
            break;
        case 'T':
            bad |=
                snn_cmd_number_option("import-nest", "--simtime", optarg, 1e-3, 1e7, &q.simtime_ms);
            break;
        case 'n':
            bad |= snn_cmd_number_option("import-nest", "--nrec", optarg, 1, 1e9, &nrec);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (bad) return 2;
    if (optind + 1 != argc || !q.output) {
        usage(stderr);
        return 2;
    }
    q.dir = argv[optind];
    q.nrec = (long long)nrec;
    q.command_line = command;
    char err[8192];
    const int status = snn_import_nest(&q, err, sizeof err);
    if (status != SNN_OK) {
        fprintf(stderr, "snnbench import-nest: %s\n", err);
        return status == SNN_ERR_PARAM || status == SNN_ERR_FORMAT ? 2 : 1;
    }
    fprintf(stderr, "result: %s\n", q.output);
    return 0;
}
