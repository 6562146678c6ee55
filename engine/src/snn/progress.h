/* snn_progress: progress of a long phase on stderr: simulated time, percent, real-time factor so
 * far and estimated time left. On a terminal one line updated in place (at most 4 times a second);
 * otherwise a plain line every 10 %. */
#ifndef SNN_PROGRESS_H
#define SNN_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
    FILE *out; /* NULL: quiet */
    int tty;
    const char *phase;
    double t_start, t_last_print, total_ms;
    int last_decile;
} snn_progress;

void snn_progress_start(snn_progress *p, FILE *out, const char *phase, double total_ms);
void snn_progress_update(snn_progress *p, double done_ms);
void snn_progress_finish(snn_progress *p);

#endif
