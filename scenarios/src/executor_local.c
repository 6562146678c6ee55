/* The local executor: the study's points as child processes on this machine, up to --jobs at
 * once, in the study's order. A point starts only when it fits beside those running: their
 * ranks x threads together within the cores (unless --oversubscribe) and their memory
 * estimates together within what was available when the study began. A point that could
 * never fit alone is refused with the figures; one that fits alone but not beside the
 * others waits for them. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "point_process.h"
#include "snn/simulation.h"
#include "snn/sysinfo.h"
#include "study.h"

typedef struct {
    pid_t pid;
    size_t point;
    double started;
    long long cores;
    uint64_t memory;
} running_point;

static long long cores_of(const study *st, size_t i) {
    const snn_params *v = &st->points[i].cfg.values;
    return (long long)(v->simulation.ranks * v->simulation.threads);
}

size_t study_executor_local(study *st, size_t *done) {
    const int jobs = st->req->jobs > 0 ? st->req->jobs : 1;
    running_point run[SNN_POINT_PROCESSES_MAX];
    int n_running = 0;
    long long cores_busy = 0;
    uint64_t memory_busy = 0;
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const uint64_t available = snn_sysinfo_available_bytes(); /* 0: the machine does not say */
    const double t_start = snn_sysinfo_seconds();
    double t_running = 0;
    size_t next = 0, ran = 0, failed = 0;
    *done = 0;
    for (;;) {
        /* start what fits, in order */
        while (next < st->n && n_running < jobs && !snn_point_stop_signal()) {
            const size_t i = next;
            const snn_point *p = &st->points[i];
            snn_summary_row *row = &st->rows[i];
            if (!st->req->force && st->state[i] == POINT_SAME) {
                printf("[%zu/%zu] %s: %s\n        kept: a complete result with these parameters "
                       "exists\n",
                       i + 1, st->n, p->name, p->label);
                snprintf(row->status, sizeof row->status, "kept");
                study_point_ended(st, i);
                ++*done, ++next;
                continue;
            }
            if (study_refuse_cores(st, i, row->status, sizeof row->status) ||
                study_refuse_memory(st, i, row->status, sizeof row->status)) {
                printf("[%zu/%zu] %s: %s\n        %s\n", i + 1, st->n, p->name, p->label,
                       row->status);
                study_point_ended(st, i);
                ++failed, ++*done, ++next;
                continue;
            }
            const long long want = cores_of(st, i);
            const uint64_t need =
                snn_simulation_memory_bytes(&p->cfg) * (uint64_t)study_ranks_here(st, i);
            const int cores_fit = st->req->oversubscribe || cores <= 0 ||
                                  study_ranks_here(st, i) < p->cfg.values.simulation.ranks ||
                                  cores_busy + want <= cores;
            const int memory_fits = available == 0 || memory_busy + need <= available;
            if (n_running > 0 && (!cores_fit || !memory_fits)) break; /* wait for a slot */
            char eta[64] = "unknown";
            if (ran > 0)
                snprintf(eta, sizeof eta, "%.0f s",
                         t_running / (double)ran * (double)(st->n - i) / (double)jobs);
            printf("[%zu/%zu] %s: %s (elapsed %.0f s, left about %s)\n", i + 1, st->n, p->name,
                   p->label, snn_sysinfo_seconds() - t_start, eta);
            fflush(stdout);
            char launcher_buf[1024];
            const char *launcher = study_local_launcher(st, i, launcher_buf, sizeof launcher_buf);
            point_command c;
            study_point_command(st, i, launcher, launcher != NULL, &c);
            const pid_t pid = snn_point_process_start(c.args, row->status, sizeof row->status);
            ++next;
            if (pid < 0) {
                printf("        %s\n", row->status);
                study_point_ended(st, i);
                ++failed, ++*done;
                continue;
            }
            run[n_running++] = (running_point){pid, i, snn_sysinfo_seconds(), want, need};
            cores_busy += want, memory_busy += need;
        }
        if (n_running == 0) break;
        char status[160];
        int ok;
        const pid_t pid = snn_point_process_wait_any(status, sizeof status, &ok);
        int k = 0;
        while (k < n_running && run[k].pid != pid)
            k++;
        if (k == n_running) { /* not one of ours (or none left): nothing to account */
            if (pid < 0) break;
            continue;
        }
        const running_point r = run[k];
        run[k] = run[--n_running];
        cores_busy -= r.cores, memory_busy -= r.memory;
        snn_summary_row *row = &st->rows[r.point];
        snprintf(row->status, sizeof row->status, "%s", status);
        t_running += snn_sysinfo_seconds() - r.started;
        ran++;
        failed += !ok;
        if (jobs > 1)
            printf("        %s: %s (%.0f s)\n", st->points[r.point].name, status,
                   snn_sysinfo_seconds() - r.started);
        else
            printf("        %s\n", status);
        fflush(stdout);
        study_point_ended(st, r.point);
        ++*done;
    }
    return failed;
}
