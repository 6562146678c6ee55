/* snnbench report STUDY_DIR | FILE.h5 [-o FILE.html] [--baseline OTHER] [compare's thresholds] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "snn/report.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: snnbench report STUDY_DIR | FILE.h5 [-o REPORT.html] [--baseline OTHER]\n"
            "       [--max-slowdown 1.10] [--max-memory 1.10] [--rate-tolerance 0.25]\n"
            "       [--weight-tolerance 0.02] [--paired] [--allow-different-parameters]\n"
            "One self-contained HTML page (default STUDY_DIR/report.html, or FILE-report.html\n"
            "beside a result): what was run, the points' table (summary.csv's numbers), the\n"
            "AI-regime and unimodality verdicts, figures, each point's provenance and every\n"
            "file's SHA-256. --baseline adds the comparison `snnbench compare OTHER STUDY_DIR`\n"
            "makes, with the same thresholds, regressions highlighted. The page runs no script\n"
            "and loads nothing; an older report is replaced, result files are only read.\n"
            "Exit 0: written; 1: written, and the baseline comparison found a regression;\n"
            "2: nothing written, an older report kept (the reason on stderr).\n");
}

int snn_cmd_report(int argc, char **argv) {
    enum { BASELINE = 256, SLOWDOWN, MEMORY, RATE_TOL, WEIGHT_TOL, PAIRED, ALLOW_DIFFERENT };
    static const struct option options[] = {
        {"output", required_argument, 0, 'o'},
        {"baseline", required_argument, 0, BASELINE},
        {"max-slowdown", required_argument, 0, SLOWDOWN},
        {"max-memory", required_argument, 0, MEMORY},
        {"rate-tolerance", required_argument, 0, RATE_TOL},
        {"weight-tolerance", required_argument, 0, WEIGHT_TOL},
        {"paired", no_argument, 0, PAIRED},
        {"allow-different-parameters", no_argument, 0, ALLOW_DIFFERENT},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    snn_report_options o = {.compare = SNN_COMPARE_DEFAULTS};
    int opt;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        double *threshold = NULL;
        const char *name = "";
        switch (opt) {
        case 'h':
            usage(stdout);
            return 0;
        case 'o':
            o.output = optarg;
            continue;
        case BASELINE:
            o.baseline = optarg;
            continue;
        case PAIRED:
            o.compare.paired = 1;
            continue;
        case ALLOW_DIFFERENT:
            o.compare.allow_different_parameters = 1;
            continue;
        case SLOWDOWN:
            threshold = &o.compare.max_slowdown, name = "--max-slowdown";
            break;
        case MEMORY:
            threshold = &o.compare.max_memory, name = "--max-memory";
            break;
        case RATE_TOL:
            threshold = &o.compare.rate_tolerance, name = "--rate-tolerance";
            break;
        case WEIGHT_TOL:
            threshold = &o.compare.weight_tolerance, name = "--weight-tolerance";
            break;
        default:
            usage(stderr);
            return 2;
        }
        if (snn_cmd_number_option("report", name, optarg, 1e-6, 1000, threshold) != 0) return 2;
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    char path[4096], err[8192];
    const int status = snn_report_write(argv[optind], &o, path, sizeof path, err, sizeof err);
    if (status == 2) {
        fprintf(stderr, "snnbench report: %s\n", err);
        return 2;
    }
    printf("report: %s\n", path);
    return status;
}
