/* snn_progress: one line of progress per phase on stderr, in place on a terminal. */
#include "snn/progress.h"

#include <unistd.h>

#include "snn/sysinfo.h"

void snn_progress_start(snn_progress *p, FILE *out, const char *phase, double total_ms) {
    *p = (snn_progress){.out = out, .phase = phase, .total_ms = total_ms, .last_decile = 0};
    p->tty = out && isatty(fileno(out));
    p->t_start = p->t_last_print = snn_sysinfo_seconds();
}

void snn_progress_update(snn_progress *p, double done_ms) {
    if (!p->out || p->total_ms <= 0) return;
    const double now = snn_sysinfo_seconds(), elapsed = now - p->t_start;
    const double fraction = done_ms / p->total_ms;
    const int decile = (int)(fraction * 10.0 + 1e-9);
    if (p->tty ? now - p->t_last_print < 0.25 : decile <= p->last_decile) return;
    p->t_last_print = now;
    p->last_decile = decile;
    const double rtf = done_ms > 0 ? elapsed / (done_ms / 1000.0) : 0;
    const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0;
    fprintf(p->out, "%s%s %.1f / %.1f ms (%3.0f %%), real-time factor %.2f, %.0f s left%s",
            p->tty ? "\r" : "", p->phase, done_ms, p->total_ms, 100.0 * fraction, rtf, left,
            p->tty ? "   " : "\n");
    fflush(p->out);
}

void snn_progress_finish(snn_progress *p) {
    if (p->out && p->tty) {
        fputc('\n', p->out);
        fflush(p->out);
    }
}
