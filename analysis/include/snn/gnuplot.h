/* snn_gnuplot: a figure = a data file + a readable gnuplot script in the output folder,
 * then the script piped into the gnuplot program (started without a shell, in that folder),
 * so that a user can edit NAME.gp and rerun `gnuplot NAME.gp` there. */
#ifndef SNN_GNUPLOT_H
#define SNN_GNUPLOT_H

#include <stdio.h>

typedef struct {
    char dir[4096 + 64];
    const char *format; /* png, svg or pdf */
    int width, height;  /* pixels (pdf: width/100 by height/100 inches) */
    int quiet;          /* plot.c: no listing of figures, no notes */
} snn_gnuplot_figures;

/* Opens DIR/NAME.dat.part for writing (the figure's data; snn_gnuplot_render closes it). */
FILE *snn_gnuplot_data(const snn_gnuplot_figures *fs, const char *name);
/* Closes data (every write checked) and publishes DIR/NAME.dat, writes DIR/NAME.gp (terminal
 * and output lines first, then body) and runs gnuplot on it into DIR/NAME.<format>.part,
 * published when gnuplot succeeded and wrote a non-empty figure. Each file is written as
 * .part and renamed when whole; a failure leaves no .part and no empty figure. Returns 0 on
 * success; data may be NULL (its open failed), which is an error. */
int snn_gnuplot_render(const snn_gnuplot_figures *fs, const char *name, FILE *data,
                       const char *body, char *err, size_t errlen);
/* Copies text into a gnuplot single-quoted string (quotes doubled). */
void snn_gnuplot_quote(char *out, size_t len, const char *text);

#endif
