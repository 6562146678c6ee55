/* snnbench plot FILE.h5 | STUDY_DIR [-o DIR] [--format png|svg|pdf] [--size WxH] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "snn/plot.h"

int snn_cmd_plot(int argc, char **argv) {
    static const struct option options[] = {{"output", required_argument, 0, 'o'},
                                            {"format", required_argument, 0, 'f'},
                                            {"size", required_argument, 0, 's'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    snn_plot_options o = {.format = "png", .width = 900, .height = 600};
    int opt;
    while ((opt = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (opt) {
        case 'o':
            o.out_dir = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "png") && strcmp(optarg, "svg") && strcmp(optarg, "pdf")) {
                fprintf(stderr, "snnbench plot: --format %s: allowed png, svg, pdf\n", optarg);
                return 2;
            }
            o.format = optarg;
            break;
        case 's':
            if (sscanf(optarg, "%dx%d", &o.width, &o.height) != 2 || o.width < 100 ||
                o.width > 10000 || o.height < 100 || o.height > 10000) {
                fprintf(stderr, "snnbench plot: --size %s: allowed WxH, 100 to 10000 each\n",
                        optarg);
                return 2;
            }
            break;
        case 'h':
            printf("usage: snnbench plot FILE.h5 | STUDY_DIR [-o DIR] [--format png|svg|pdf] "
                   "[--size WxH]\n");
            return 0;
        default:
            return 2;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr,
                "usage: snnbench plot FILE.h5 | STUDY_DIR [-o DIR] [--format png|svg|pdf]\n");
        return 2;
    }
    return snn_plot_path(argv[optind], &o);
}
