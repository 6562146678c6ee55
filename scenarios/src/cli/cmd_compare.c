/* snnbench compare BASELINE NEW [thresholds] [--paired] [--only M,M] [--list-gate] */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "snn/compare.h"
#include "snn/error.h"

static void usage(FILE *out) {
    fprintf(out, "usage: snnbench compare BASELINE NEW [--max-slowdown 1.10] [--max-memory 1.10]\n"
                 "       [--rate-tolerance 0.25] [--weight-tolerance 0.02] [--paired]\n"
                 "       [--only METRIC,METRIC...] [--allow-different-parameters]\n"
                 "       snnbench compare --list-gate [--all]\n"
                 "BASELINE, NEW: result files or study folders. --paired: the i-th repetition of\n"
                 "a point in BASELINE goes with the i-th in NEW (runs made alternately), and the\n"
                 "verdict uses the median of the pairwise ratios. Two files of different\n"
                 "parameters (scale, times, threads, ...) are refused unless\n"
                 "--allow-different-parameters. Metrics: ");
    snn_compare_print_gate(out, 0);
    fprintf(out, "(the weights may be absent from both sides: then listed as not compared).\n"
                 "--list-gate prints the metrics the CI performance gate judges (--all: every\n"
                 "metric compare can judge). Exit 0: no regression; 1: a regression; 2: unusable\n"
                 "input (a metric missing or not finite, nothing compared).\n");
}

int snn_cmd_compare(int argc, char **argv) {
    enum { SLOWDOWN = 256, MEMORY, RATE_TOL, WEIGHT_TOL, PAIRED, ONLY, ALLOW_DIFFERENT, GATE, ALL };
    static const struct option options[] = {
        {"max-slowdown", required_argument, 0, SLOWDOWN},
        {"max-memory", required_argument, 0, MEMORY},
        {"rate-tolerance", required_argument, 0, RATE_TOL},
        {"weight-tolerance", required_argument, 0, WEIGHT_TOL},
        {"paired", no_argument, 0, PAIRED},
        {"only", required_argument, 0, ONLY},
        {"allow-different-parameters", no_argument, 0, ALLOW_DIFFERENT},
        {"list-gate", no_argument, 0, GATE},
        {"all", no_argument, 0, ALL},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    snn_compare_options o = SNN_COMPARE_DEFAULTS;
    int list_gate = 0, all = 0, opt;
    char err[256];
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        double *threshold = NULL;
        switch (opt) {
        case 'h':
            usage(stdout);
            return 0;
        case PAIRED:
            o.paired = 1;
            continue;
        case ALLOW_DIFFERENT:
            o.allow_different_parameters = 1;
            continue;
        case GATE:
            list_gate = 1;
            continue;
        case ALL:
            all = 1;
            continue;
        case ONLY:
            if (snn_compare_check_only(optarg, err, sizeof err) != SNN_OK) {
                fprintf(stderr, "snnbench compare: %s\n", err);
                return 2;
            }
            o.only = optarg;
            continue;
        case SLOWDOWN:
            threshold = &o.max_slowdown;
            break;
        case MEMORY:
            threshold = &o.max_memory;
            break;
        case RATE_TOL:
            threshold = &o.rate_tolerance;
            break;
        case WEIGHT_TOL:
            threshold = &o.weight_tolerance;
            break;
        default:
            break;
        }
        char *end;
        const double v = threshold ? strtod(optarg, &end) : NAN;
        if (!threshold || *end || !(v > 0 && v < 1000)) {
            fprintf(stderr, "snnbench compare: bad option; thresholds are numbers in (0, 1000)\n");
            return 2;
        }
        *threshold = v;
    }
    if (list_gate) {
        snn_compare_print_gate(stdout, !all);
        return 0;
    }
    if (optind + 2 != argc) {
        fprintf(stderr, "usage: snnbench compare BASELINE NEW [options]\n");
        return 2;
    }
    return snn_compare_paths(argv[optind], argv[optind + 1], &o);
}
