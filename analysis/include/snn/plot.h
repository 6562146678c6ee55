/* snn_plot: figures of a result file (raster, rate and CV histograms, weight histogram and
 * its evolution, timers) or of a study folder (time and memory against threads and scale,
 * STDP maps), drawn by gnuplot through a pipe. Figures go to DIR (default NAME-plots/ beside
 * a result, STUDY/plots/ in a study), each written as .part and renamed; result files are
 * only read. */
#ifndef SNN_PLOT_H
#define SNN_PLOT_H

typedef struct {
    const char *out_dir; /* NULL: the default folder */
    const char *format;  /* "png", "svg" or "pdf" */
    int width, height;   /* pixels, 100 to 10000 */
    int quiet;           /* list no figure on stdout and no note of a figure left out (the report
                          * embeds them and says what is missing); errors are still printed */
} snn_plot_options;

/* Prints each figure's path on stdout, problems on stderr. Returns 0, 1 (a figure or a file
 * failed) or 2 (an unusable output folder). */
int snn_plot_path(const char *target, const snn_plot_options *opt);

#endif
