/* snnbench analyze FILE.h5 | STUDY_DIR, and snnbench dip FILE | - */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_analysis.h"
#include "metrics_output.h"
#include "result_paths.h"
#include "snn/analysis.h"
#include "snn/error.h"

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

static int number_option(const char *name, const char *text, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    const double v = strtod(text, &end);
    if (end == text || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr, "snnbench analyze: %s %s: allowed a number in [%g, %g]\n", name, text, lo,
                hi);
        return -1;
    }
    *out = v;
    return 0;
}

/* Mean and sample standard deviation of every metric over the given rows. */
static void summarise(const snn_analysis *rows, const size_t *members, size_t n, snn_analysis *mean,
                      snn_analysis *sd) {
    memset(mean, 0, sizeof *mean);
    memset(sd, 0, sizeof *sd);
    const snn_analysis *first = &rows[members[0]];
    mean->count = sd->count = first->count;
    for (size_t i = 0; i < first->count; i++) {
        double sum = 0, sum2 = 0;
        for (size_t m = 0; m < n; m++)
            sum += rows[members[m]].items[i].value;
        const double mu = sum / (double)n;
        for (size_t m = 0; m < n; m++) {
            const double d = rows[members[m]].items[i].value - mu;
            sum2 += d * d;
        }
        const snn_metric_kind kind =
            first->items[i].kind == SNN_METRIC_COUNT ? SNN_METRIC_COUNT : SNN_METRIC_NUMBER;
        mean->items[i] = (snn_metric){first->items[i].key, mu, kind};
        sd->items[i] = (snn_metric){first->items[i].key, n > 1 ? sqrt(sum2 / (double)(n - 1)) : NAN,
                                    SNN_METRIC_NUMBER};
    }
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
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    snn_output_format format = SNN_OUT_TABLE;
    int write = 1, opt, bad = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case JSON:
            format = SNN_OUT_JSON;
            break;
        case CSV:
            format = SNN_OUT_CSV;
            break;
        case NO_WRITE:
            write = 0;
            break;
        case ALPHA:
            bad |= number_option("--alpha", optarg, 1e-9, 1, &o.alpha);
            break;
        case SYNC_BIN:
            bad |= number_option("--sync-bin", optarg, 0.1, 1e6, &o.sync_bin_ms);
            break;
        case RATE_MAX:
            bad |= number_option("--rate-max", optarg, 0, 1e6, &o.rate_max);
            break;
        case CV_MIN:
            bad |= number_option("--cv-min", optarg, 0, 100, &o.cv_min);
            break;
        case CV_MAX:
            bad |= number_option("--cv-max", optarg, 0, 100, &o.cv_max);
            break;
        case SYNC_MAX:
            bad |= number_option("--sync-max", optarg, 0, 1e9, &o.sync_max);
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
    if (o.cv_min > o.cv_max) {
        fprintf(stderr,
                "snnbench analyze: --cv-min %g is above --cv-max %g; allowed: cv-min <= "
                "cv-max\n",
                o.cv_min, o.cv_max);
        return 2;
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    char err[4352];
    snn_result_paths paths;
    if (snn_result_paths_list(argv[optind], &paths, err, sizeof err) != SNN_OK) {
        fprintf(stderr, "snnbench analyze: %s\n", err);
        return 1;
    }
    /* rows for the files, then a mean and a spread row per group of repetitions */
    snn_analysis *rows = calloc(3 * paths.count, sizeof *rows);
    const char **names = calloc(3 * paths.count, sizeof *names);
    char **keys = calloc(paths.count, sizeof *keys);
    char(*group_names)[96] = calloc(2 * paths.count, sizeof *group_names);
    size_t n_rows = 0, failed = 0;
    size_t *file_row = calloc(paths.count, sizeof *file_row);
    for (size_t i = 0; i < paths.count; i++) {
        snn_result r;
        if (snn_result_read(paths.paths[i], &r, err, sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench analyze: %s\n", err);
            failed++;
            continue;
        }
        if (snn_analyze(&r, &o, &rows[n_rows]) != SNN_OK) {
            fprintf(stderr, "snnbench analyze: %s: out of memory analysing it\n", paths.paths[i]);
            failed++;
            snn_result_free(&r);
            continue;
        }
        keys[n_rows] = malloc(8192);
        snn_result_point_key(&r, keys[n_rows], 8192);
        snn_result_free(&r);
        if (write &&
            snn_analysis_write(paths.paths[i], &rows[n_rows], &o, err, sizeof err) != SNN_OK) {
            fprintf(stderr, "snnbench analyze: %s\n", err);
            failed++;
        }
        file_row[i] = n_rows;
        names[n_rows] = paths.paths[i];
        n_rows++;
    }
    const size_t n_files = n_rows;
    if (paths.is_study) {
        int *done = calloc(n_files + 1, sizeof *done);
        size_t *members = calloc(n_files + 1, sizeof *members);
        size_t group = 0;
        for (size_t a = 0; a < n_files; a++) {
            if (done[a]) continue;
            size_t n = 0;
            for (size_t b = a; b < n_files; b++)
                if (!done[b] && strcmp(keys[a], keys[b]) == 0) members[n++] = b, done[b] = 1;
            if (n < 2) continue;
            summarise(rows, members, n, &rows[n_rows], &rows[n_rows + 1]);
            snprintf(group_names[2 * group], 96, "mean of %zu repetitions like row %zu", n, a + 1);
            snprintf(group_names[2 * group + 1], 96, "sd of %zu repetitions like row %zu", n,
                     a + 1);
            names[n_rows] = group_names[2 * group];
            names[n_rows + 1] = group_names[2 * group + 1];
            n_rows += 2;
            group++;
        }
        free(done);
        free(members);
    }
    if (n_rows > 0) snn_print_metrics(stdout, format, names, rows, n_rows);
    for (size_t i = 0; i < n_files; i++) {
        snn_analysis_free(&rows[i]);
        free(keys[i]);
    }
    free(rows), free(names), free(keys), free(group_names), free(file_row);
    snn_result_paths_free(&paths);
    return failed ? 1 : 0;
}

int snn_cmd_dip(int argc, char **argv) {
    int json = 0;
    double alpha = 0.05;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--alpha") == 0 && i + 1 < argc) {
            if (number_option("--alpha", argv[++i], 1e-9, 1, &alpha)) return 2;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: snnbench dip FILE | - [--json] [--alpha A]\n"
                   "  numbers one per line; prints n, dip, p_value, unimodal\n");
            return 0;
        } else if (!path)
            path = argv[i];
        else {
            fprintf(stderr, "snnbench dip: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: snnbench dip FILE | - [--json] [--alpha A]\n");
        return 2;
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "snnbench dip: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t n = 0;
    double *x = NULL;
    char err[PATH_MAX + 512];
    int status = snn_dip_read_numbers(in, path, &x, &n, err, sizeof err) == SNN_OK ? 0 : 1;
    if (status) fprintf(stderr, "snnbench dip: %s\n", err);
    if (in != stdin) fclose(in);
    if (status == 0 && n == 0) {
        fprintf(stderr, "snnbench dip: %s holds no numbers\n", path);
        status = 1;
    }
    snn_dip_result r;
    if (status == 0 && snn_dip_test(x, n, alpha, &r) != SNN_OK) {
        fprintf(stderr, "snnbench dip: out of memory\n");
        status = 1;
    }
    if (status == 0) {
        char p[32], dip[32];
        const char *na = json ? "null" : "NA";
        if (isnan(r.p_value))
            snprintf(p, sizeof p, "%s", na);
        else
            snprintf(p, sizeof p, "%.6g", r.p_value);
        if (isnan(r.dip))
            snprintf(dip, sizeof dip, "%s", na);
        else
            snprintf(dip, sizeof dip, "%.15g", r.dip);
        const char *verdict = r.unimodal == SNN_VERDICT_NA ? na : snn_verdict_text(r.unimodal);
        if (json)
            printf("{\"n\": %zu, \"dip\": %s, \"p_value\": %s, \"unimodal\": %s}\n", r.n, dip, p,
                   verdict);
        else
            printf("n %zu\ndip %s\np_value %s\nunimodal %s\n", r.n, dip, p, verdict);
    }
    free(x);
    return status;
}
