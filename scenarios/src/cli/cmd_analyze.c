/* snnbench analyze FILE.h5 | STUDY_DIR [--json | --csv] [--no-write] [thresholds] */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "snn/study_analysis.h"

static void usage(FILE *out) {
    fprintf(out, "usage: snnbench analyze FILE.h5 | STUDY_DIR [options]\n"
                 "  --json | --csv      machine-readable output (default: a table)\n"
                 "  --no-write          write no analysis files (default: NAME.analysis.h5 beside\n"
                 "                      each result; result files are never modified)\n"
                 "  --alpha A           dip test level (0.05)\n"
                 "  --sync-bin MS       bin of the population count for synchrony (1 ms)\n"
                 "  --rate-max R        AI regime: mean rate below R spikes/s (10)\n"
                 "  --cv-min C, --cv-max C   AI regime: mean CV of ISIs in [C, C] (0.7, 1.5)\n"
                 "  --sync-max S        AI regime: synchrony (Fano factor) below S (5)\n");
}

int snn_cmd_analyze(int argc, char **argv) {
    enum { JSON = 256, CSV, NO_WRITE, ALPHA, SYNC_BIN, RATE_MAX, CV_MIN, CV_MAX, SYNC_MAX };
    static const struct option options[] = {{"json", no_argument, 0, JSON},
                                            {"csv", no_argument, 0, CSV},
                                            {"no-write", no_argument, 0, NO_WRITE},
                                            {"alpha", required_argument, 0, ALPHA},
                                            {"sync-bin", required_argument, 0, SYNC_BIN},
                                            {"rate-max", required_argument, 0, RATE_MAX},
                                            {"cv-min", required_argument, 0, CV_MIN},
                                            {"cv-max", required_argument, 0, CV_MAX},
                                            {"sync-max", required_argument, 0, SYNC_MAX},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    snn_study_analysis_request req = {.format = SNN_OUT_TABLE, .write = 1};
    snn_analysis_options *o = &req.options;
    snn_analysis_defaults(o);
    int opt, bad = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case JSON:
            req.format = SNN_OUT_JSON;
            break;
        case CSV:
            req.format = SNN_OUT_CSV;
            break;
        case NO_WRITE:
            req.write = 0;
            break;
        case ALPHA:
            bad |= snn_cmd_number_option("analyze", "--alpha", optarg, 1e-9, 1, &o->alpha);
            break;
        case SYNC_BIN:
            bad |=
                snn_cmd_number_option("analyze", "--sync-bin", optarg, 0.1, 1e6, &o->sync_bin_ms);
            break;
        case RATE_MAX:
            bad |= snn_cmd_number_option("analyze", "--rate-max", optarg, 0, 1e6, &o->rate_max);
            break;
        case CV_MIN:
            bad |= snn_cmd_number_option("analyze", "--cv-min", optarg, 0, 100, &o->cv_min);
            break;
        case CV_MAX:
            bad |= snn_cmd_number_option("analyze", "--cv-max", optarg, 0, 100, &o->cv_max);
            break;
        case SYNC_MAX:
            bad |= snn_cmd_number_option("analyze", "--sync-max", optarg, 0, 1e9, &o->sync_max);
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
    if (o->cv_min > o->cv_max) {
        fprintf(stderr,
                "snnbench analyze: --cv-min %g is above --cv-max %g; allowed: cv-min <= "
                "cv-max\n",
                o->cv_min, o->cv_max);
        return 2;
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    return snn_study_analysis_run(argv[optind], &req);
}
