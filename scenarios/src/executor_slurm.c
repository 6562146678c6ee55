/* The Slurm executor: a study's points as Slurm job arrays, one array per resource shape
 * (every task of an array gets the same request), then one job that depends on them all and
 * writes the summary. The runner talks to Slurm through its commands only (sbatch, squeue,
 * scancel, and sacct where accounting exists), started without a shell.
 *
 * The study folder (on a file system the nodes share) holds what the tasks need and what
 * they tell: slurm/<point>.cmd (the point's command line, NUL-separated), array-<job>.points
 * (which point each task index runs), slurm/<point>.status (written by the task: running,
 * then ok or failed), slurm/log-<job>_<task>.out (its output), and slurm/jobs.tsv (every
 * submission: point, job, time), so that a point queued or running is never submitted twice
 * and one that failed is submitted again by the next run. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "point_process.h"
#include "slurm_script.h"
#include "snn/derived.h"
#include "snn/simulation.h"
#include "snn/sysinfo.h"
#include "study.h"

/* Where a point stands with Slurm. */
typedef enum { SLURM_NONE, SLURM_QUEUED, SLURM_ENDED } slurm_phase;

typedef struct {
    char job[64];      /* "<array job>_<task>" of its latest submission, or "" */
    slurm_phase phase; /* QUEUED: pending or running in squeue */
    char state[32];    /* Slurm's state (PENDING, RUNNING, ...) while queued */
    char reason[64];   /* Slurm's reason while pending */
    int submit;        /* to be submitted by this run */
} slurm_point;

/* Runs argv (no shell) and keeps its stdout and stderr in out; the exit status, 127 when it
 * could not be started. */
static int capture(char *const argv[], char *out, size_t len) {
    int fd[2];
    out[0] = '\0';
    if (pipe(fd) != 0) return 127;
    fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], 1);
        dup2(fd[1], 2);
        execvp(argv[0], argv);
        fprintf(stderr, "%s: %s", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    for (ssize_t r; pid > 0 && (r = read(fd[0], out + got, len - 1 - got)) != 0;) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        got += (size_t)r;
        if (got == len - 1) { /* keep draining, drop the rest */
            char sink[4096];
            while (read(fd[0], sink, sizeof sink) > 0) {
            }
            break;
        }
    }
    out[got] = '\0';
    close(fd[0]);
    if (pid < 0) return 127;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void chomp(char *s) {
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = '\0';
}

/* ---- the study's Slurm files ---- */

static void slurm_path(const study *st, char *buf, size_t len, const char *name,
                       const char *suffix) {
    /* the runner checked at the start that the study's names fit */
    if (snprintf(buf, len, "%s/slurm/%s%s", st->dir, name, suffix) >= (int)len) buf[0] = '\0';
}

static void read_records(const study *st, slurm_point *sp) {
    char path[PATH_MAX + 64], line[512];
    slurm_path(st, path, sizeof path, "jobs", ".tsv");
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        char *job = tab + 1, *end = strchr(job, '\t');
        if (end) *end = '\0';
        for (size_t i = 0; i < st->n; i++)
            if (strcmp(st->points[i].name, line) == 0)
                snprintf(sp[i].job, sizeof sp[i].job, "%s", job); /* the latest counts */
    }
    fclose(f);
}

static int append_record(const study *st, const char *point, const char *job) {
    char path[PATH_MAX + 64];
    slurm_path(st, path, sizeof path, "jobs", ".tsv");
    FILE *f = fopen(path, "a");
    if (!f) return -1;
    fprintf(f, "%s\t%s\t%lld\n", point, job, (long long)time(NULL));
    return fclose(f);
}

/* What the task wrote: "running JOB HOST ...", "ok JOB HOST", "failed JOB HOST: why". */
static int read_status(const study *st, size_t i, char *buf, size_t len) {
    char path[PATH_MAX + 300];
    slurm_path(st, path, sizeof path, st->points[i].name, ".status");
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (!f) return -1;
    if (!fgets(buf, (int)len, f)) buf[0] = '\0';
    fclose(f);
    chomp(buf);
    return 0;
}

/* ---- Slurm's view ---- */

/* Every task of the user's jobs in squeue, one per line: "JOB_TASK|STATE|REASON". */
static int query_queue(char *out, size_t len, char *err, size_t errlen) {
    char *argv[] = {"squeue", "-h", "-r", "-o", "%i|%T|%r", "-u", NULL, NULL};
    char user[64];
    snprintf(user, sizeof user, "%lu", (unsigned long)getuid());
    argv[6] = user;
    const int status = capture(argv, out, len);
    if (status == 0) return 0;
    chomp(out);
    snprintf(err, errlen, "squeue %s (exit status %d): %s",
             status == 127 ? "could not be started" : "failed", status,
             out[0] ? out : "no message");
    return -1;
}

/* Marks the points whose job is in the queue, with Slurm's state and reason. */
static void match_queue(const study *st, slurm_point *sp, const char *queue) {
    for (size_t i = 0; i < st->n; i++) {
        if (!sp[i].job[0]) continue;
        const size_t n = strlen(sp[i].job);
        int found = 0;
        for (const char *line = queue; line && *line; line = strchr(line, '\n')) {
            if (*line == '\n') line++;
            if (strncmp(line, sp[i].job, n) == 0 && line[n] == '|') {
                const char *state = line + n + 1, *bar = strchr(state, '|');
                const char *eol = strchr(state, '\n');
                if (!bar || (eol && bar > eol)) break;
                snprintf(sp[i].state, sizeof sp[i].state, "%.*s", (int)(bar - state), state);
                const int rlen = (int)((eol ? eol : bar + strlen(bar)) - (bar + 1));
                snprintf(sp[i].reason, sizeof sp[i].reason, "%.*s", rlen, bar + 1);
                found = 1;
                break;
            }
        }
        if (found)
            sp[i].phase = SLURM_QUEUED;
        else if (sp[i].phase == SLURM_QUEUED || sp[i].phase == SLURM_NONE)
            sp[i].phase = SLURM_ENDED;
    }
}

/* Slurm's final state of a job, where accounting (slurmdbd) exists; else "". */
static void accounted_state(const char *job, char *state, size_t len) {
    char out[512];
    char *argv[] = {"sacct", "-n", "-X", "-P", "-o", "State", "-j", (char *)job, NULL};
    state[0] = '\0';
    if (capture(argv, out, sizeof out) != 0 || strstr(out, "disabled")) return;
    chomp(out);
    snprintf(state, len, "%s", out);
}

/* A point whose job has left the queue: its row's status from what its task wrote and what
 * its result file says. 1 when it is ok. */
static int classify_ended(study *st, size_t i, const slurm_point *sp) {
    snn_summary_row *row = &st->rows[i];
    char status[512], log[128], result[PATH_MAX + 300];
    read_status(st, i, status, sizeof status);
    snprintf(log, sizeof log, "slurm/log-%s.out", sp->job); /* in the study folder */
    if (snprintf(result, sizeof result, "%s/%s.h5", st->dir, st->points[i].name) >=
        (int)sizeof result)
        result[0] = '\0';
    struct stat s;
    if (strncmp(status, "ok ", 3) == 0 && stat(result, &s) == 0) {
        snprintf(row->status, sizeof row->status, "ok");
        return 1;
    }
    char state[64];
    accounted_state(sp->job, state, sizeof state);
    if (strncmp(status, "failed ", 7) == 0) {
        const char *why = strchr(status, ':');
        if (snprintf(row->status, sizeof row->status, "failed: job %s %s%s; log %s", sp->job,
                     state[0] ? state : "FAILED", why ? why : "", log) >= (int)sizeof row->status)
            row->status[sizeof row->status - 1] = '\0';
    } else if (strncmp(status, "running ", 8) == 0) {
        snprintf(row->status, sizeof row->status,
                 "failed: job %s %s while running (cancelled, out of time or node lost); log %s",
                 sp->job, state[0] ? state : "ended", log);
    } else {
        snprintf(row->status, sizeof row->status,
                 "failed: job %s %s before it started (cancelled?)", sp->job,
                 state[0] ? state : "ended");
    }
    return 0;
}

/* ---- what a point asks of Slurm ---- */

typedef struct {
    long long ranks, threads;
    long long mem_mb;  /* per node: every rank may share it */
    long long minutes; /* --time */
} shape;

static long long estimated_minutes(const snn_config *cfg) {
    snn_derived d;
    snn_derive(cfg, &d);
    const snn_params *p = &cfg->values;
    /* a generous rule from this machine's figures (about 1e8 synapses drawn and 2e8 events
     * delivered per core-second), times 5, plus 10 minutes for start-up and the file */
    const double cores = (double)(p->simulation.ranks * p->simulation.threads);
    const double seconds_ms = (p->simulation.presimtime + p->simulation.simtime) / 1000.0;
    const double events = (double)d.synapses * 20.0 * seconds_ms;
    const double work = (double)d.synapses / 1e8 + events / 2e8;
    return 10 + (long long)(5.0 * work / cores / 60.0 + 1.0);
}

static long long parse_minutes(const char *t) {
    /* Slurm's forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S */
    long long d = 0, a = 0, b = 0, c = 0;
    int n;
    if (strchr(t, '-')) {
        n = sscanf(t, "%lld-%lld:%lld:%lld", &d, &a, &b, &c);
        return n < 2 ? -1 : d * 1440 + a * 60 + (n > 2 ? b : 0) + (n > 3 && c > 0);
    }
    n = sscanf(t, "%lld:%lld:%lld", &a, &b, &c);
    if (n == 1) return a;
    if (n == 2) return a + (b > 0);
    if (n == 3) return a * 60 + b + (c > 0);
    return -1;
}

static shape shape_of(const study *st, size_t i, const char *time_limit) {
    const snn_config *cfg = &st->points[i].cfg;
    shape s = {cfg->values.simulation.ranks, cfg->values.simulation.threads, 0, 0};
    /* the engine's estimate for every rank on one node, a quarter more, and 256 MB */
    const double bytes = (double)snn_simulation_memory_bytes(cfg) * (double)s.ranks * 1.25;
    s.mem_mb = (long long)(bytes / (1 << 20)) + 256;
    s.minutes = time_limit ? parse_minutes(time_limit) : estimated_minutes(cfg);
    return s;
}

static int same_shape(shape a, shape b) {
    return a.ranks == b.ranks && a.threads == b.threads && a.mem_mb == b.mem_mb &&
           a.minutes == b.minutes;
}

/* ---- submitting ---- */

typedef struct {
    const char *partition, *account, *qos, *time, *extra;
    int throttle, exclusive;
} submit_options;

/* An option given on the command line, else the scenario's (empty there: unset). */
static const char *given_or(const char *option, const char *scenario) {
    return option ? option : scenario[0] ? scenario : NULL;
}

static submit_options merged_options(const study *st) {
    const snn_slurm_options *o = &st->req->slurm;
    const snn_scenario *s = &st->scenario;
    const submit_options m = {given_or(o->partition, s->slurm_partition),
                              given_or(o->account, s->slurm_account),
                              given_or(o->qos, s->slurm_qos),
                              given_or(o->time, s->slurm_time),
                              given_or(o->extra, s->slurm_extra),
                              o->throttle ? o->throttle : s->slurm_throttle,
                              o->exclusive || s->slurm_exclusive};
    return m;
}

/* sbatch's word list for one array (or the summary job when points == 0). */
typedef struct {
    char *argv[64];
    size_t n;
    char buf[24][PATH_MAX + 64];
    char extra[2048];
} sbatch_line;

static void add(sbatch_line *l, const char *word) {
    if (l->n < sizeof l->argv / sizeof l->argv[0] - 1) l->argv[l->n++] = (char *)word;
}

static char *fmt(sbatch_line *l, size_t k, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static char *fmt(sbatch_line *l, size_t k, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    vsnprintf(l->buf[k], sizeof l->buf[k], format, ap);
    va_end(ap);
    return l->buf[k];
}

static void common_options(const study *st, const submit_options *o, sbatch_line *l) {
    add(l, "sbatch");
    add(l, "--parsable");
    if (o->partition) add(l, fmt(l, 0, "--partition=%s", o->partition));
    if (o->account) add(l, fmt(l, 1, "--account=%s", o->account));
    if (o->qos) add(l, fmt(l, 2, "--qos=%s", o->qos));
    (void)st;
}

static void add_extra(const submit_options *o, sbatch_line *l) {
    if (!o->extra) return;
    snprintf(l->extra, sizeof l->extra, "%s", o->extra);
    for (char *save = NULL, *w = strtok_r(l->extra, " \t", &save); w;
         w = strtok_r(NULL, " \t", &save))
        add(l, w);
}

/* The largest array this cluster takes (MaxArraySize tasks: indices 0 to MaxArraySize-1). */
static size_t max_array_size(void) {
    char out[65536];
    char *argv[] = {"scontrol", "show", "config", NULL};
    if (capture(argv, out, sizeof out) == 0) {
        const char *at = strstr(out, "MaxArraySize");
        long long v;
        if (at && sscanf(strchr(at, '=') ? strchr(at, '=') + 1 : at, "%lld", &v) == 1 && v > 0)
            return (size_t)v;
    }
    return 1001; /* Slurm's default */
}

/* The command line a task runs for point i: srun with the point's ranks and threads spelt
 * out (Slurm 22.05 no longer hands --cpus-per-task down to srun), PMIx for several ranks
 * (Debian's Open MPI has no other), then snnbench sim. */
static int write_point_command(const study *st, size_t i) {
    const snn_params *v = &st->points[i].cfg.values;
    char srun[256], path[PATH_MAX + 300];
    snprintf(srun, sizeof srun,
             "srun --ntasks=%lld --cpus-per-task=%lld --mpi=%s --kill-on-bad-exit=1",
             (long long)v->simulation.ranks, (long long)v->simulation.threads,
             v->simulation.ranks > 1 ? "pmix" : "none");
    point_command c;
    study_point_command(st, i, srun, 0, &c);
    slurm_path(st, path, sizeof path, st->points[i].name, ".cmd");
    return snn_slurm_args_write(path, c.args);
}

/* One array of points of the same shape: its list, its script, sbatch. dry_run: print them
 * instead. The job id goes to job (empty on failure, with the reason printed). */
static int submit_array(study *st, const size_t *members, size_t n, shape sh,
                        const submit_options *o, int dry_run, char *job, size_t job_len) {
    char tag[64], list[PATH_MAX + 64], script[PATH_MAX + 64], what[256];
    static int counter;
    snprintf(tag, sizeof tag, "array-%lld-%d", (long long)time(NULL), counter++);
    slurm_path(st, list, sizeof list, tag, ".points");
    slurm_path(st, script, sizeof script, tag, ".sh");
    snprintf(what, sizeof what, "study %s, %zu point%s of %lld rank%s x %lld thread%s",
             st->scenario.name, n, n == 1 ? "" : "s", sh.ranks, sh.ranks == 1 ? "" : "s",
             sh.threads, sh.threads == 1 ? "" : "s");
    sbatch_line l = {.n = 0};
    common_options(st, o, &l);
    add(&l, fmt(&l, 3, "--job-name=snnbench-%s", st->scenario.name));
    if (o->throttle > 0)
        add(&l, fmt(&l, 4, "--array=0-%zu%%%d", n - 1, o->throttle));
    else
        add(&l, fmt(&l, 4, "--array=0-%zu", n - 1));
    add(&l, fmt(&l, 5, "--ntasks=%lld", sh.ranks));
    add(&l, fmt(&l, 6, "--cpus-per-task=%lld", sh.threads));
    add(&l, fmt(&l, 7, "--mem=%lldM", sh.mem_mb));
    add(&l, fmt(&l, 8, "--time=%lld", sh.minutes));
    add(&l, fmt(&l, 9, "--output=%s/slurm/log-%%A_%%a.out", st->dir));
    /* two minutes before the limit the task gets SIGTERM and ends the point cleanly */
    add(&l, "--signal=B:TERM@120");
    if (o->exclusive) add(&l, "--exclusive");
    add_extra(o, &l);
    add(&l, script);
    l.argv[l.n] = NULL;
    if (dry_run) {
        printf("# %s\n# %s:\n", what, list);
        for (size_t k = 0; k < n; k++)
            printf("#   %zu %s\n", k, st->points[members[k]].name);
        printf("# %s:\n", script);
        snn_slurm_script_write(stdout, st->self, st->dir, list, what);
        char q[PATH_MAX * 2];
        for (size_t k = 0; k < l.n; k++) {
            snn_shell_quote(l.argv[k], q, sizeof q);
            printf("%s%s", k ? " " : "", q);
        }
        printf("\n\n");
        return 0;
    }
    FILE *f = fopen(list, "w");
    for (size_t k = 0; f && k < n; k++)
        fprintf(f, "%s\n", st->points[members[k]].name);
    int bad = !f || fclose(f) != 0;
    for (size_t k = 0; !bad && k < n; k++)
        bad = write_point_command(st, members[k]) != 0;
    f = bad ? NULL : fopen(script, "w");
    bad = bad || !f || snn_slurm_script_write(f, st->self, st->dir, list, what) != 0;
    if (f && fclose(f) != 0) bad = 1;
    if (bad) {
        fprintf(stderr, "snnbench run: cannot write the batch files in %s/slurm: %s\n", st->dir,
                strerror(errno));
        return -1;
    }
    char out[4096];
    const int status = capture(l.argv, out, sizeof out);
    chomp(out);
    long long id;
    if (status != 0 || sscanf(out, "%lld", &id) != 1) {
        fprintf(stderr, "snnbench run: sbatch %s (exit status %d): %s\n",
                status == 127 ? "could not be started" : "refused the array", status,
                out[0] ? out : "no message");
        return -1;
    }
    snprintf(job, job_len, "%lld", id);
    printf("submitted %s: job %lld (%s)\n", tag, id, what);
    return 0;
}

/* The job that writes the summary once every array has ended (afterany: failed tasks too):
 * the same study collected, submitting nothing, not waiting. */
static void submit_summary_job(study *st, const submit_options *o, const char *dependency,
                               int dry_run) {
    char script[PATH_MAX + 64], scenario[PATH_MAX];
    slurm_path(st, script, sizeof script, "summary", ".sh");
    if (!realpath(st->scenario.path, scenario))
        snprintf(scenario, sizeof scenario, "%s", st->scenario.path);
    char *args[16 + 2 * 256];
    size_t n = 0;
    args[n++] = "run";
    args[n++] = scenario;
    args[n++] = "-o";
    args[n++] = st->dir;
    args[n++] = "--executor";
    args[n++] = "slurm";
    args[n++] = "--collect";
    args[n++] = "--no-wait";
    args[n++] = "--from-slurm";
    /* a study run without analysis gets none from its summary job either: that job would
     * otherwise write the report, unasked, after the runner has returned */
    if (!st->req->analysis) args[n++] = "--no-analysis";
    for (size_t k = 0; k < st->req->n_sets && k < 256; k++) {
        args[n++] = "--set";
        args[n++] = (char *)st->req->sets[k];
    }
    args[n] = NULL;
    sbatch_line l = {.n = 0};
    common_options(st, o, &l);
    add(&l, fmt(&l, 3, "--job-name=snnbench-%s-summary", st->scenario.name));
    add(&l, fmt(&l, 4, "--dependency=afterany:%s", dependency));
    add(&l, "--ntasks=1");
    add(&l, "--cpus-per-task=1");
    add(&l, "--mem=2G");
    add(&l, "--time=30");
    add(&l, fmt(&l, 5, "--output=%s/slurm/summary-%%j.out", st->dir));
    add_extra(o, &l);
    add(&l, script);
    l.argv[l.n] = NULL;
    if (dry_run) {
        printf("# %s:\n", script);
        snn_slurm_summary_script_write(stdout, st->self, args);
        printf("# sbatch ... --dependency=afterany:%s ... %s\n", dependency, script);
        return;
    }
    FILE *f = fopen(script, "w");
    if (!f || snn_slurm_summary_script_write(f, st->self, args) != 0 || fclose(f) != 0) {
        fprintf(stderr, "snnbench run: cannot write %s: %s\n", script, strerror(errno));
        return;
    }
    char out[4096];
    if (capture(l.argv, out, sizeof out) != 0) {
        chomp(out);
        fprintf(stderr, "snnbench run: sbatch refused the summary job: %s\n", out);
        return;
    }
    chomp(out);
    printf("submitted the summary job %s (after %s)\n", out, dependency);
}

/* Every point marked `submit`, grouped by shape, in arrays of at most MaxArraySize tasks. */
static int submit_points(study *st, slurm_point *sp, int dry_run) {
    const submit_options o = merged_options(st);
    if (o.time && parse_minutes(o.time) <= 0) {
        fprintf(stderr,
                "snnbench run: --time %s: not a Slurm time; allowed: minutes, H:M:S or "
                "D-H:M:S\n",
                o.time);
        return -1;
    }
    const size_t most = dry_run ? 1001 : max_array_size();
    size_t *members = malloc((st->n + 1) * sizeof *members);
    int *done = calloc(st->n + 1, sizeof *done);
    char dependency[4096] = "";
    int status = members && done ? 0 : -1;
    for (size_t i = 0; status == 0 && i < st->n; i++) {
        if (!sp[i].submit || done[i]) continue;
        const shape sh = shape_of(st, i, o.time);
        size_t n = 0;
        for (size_t k = i; k < st->n && n < most; k++)
            if (sp[k].submit && !done[k] && same_shape(shape_of(st, k, o.time), sh))
                members[n++] = k, done[k] = 1;
        char job[64] = "";
        if (submit_array(st, members, n, sh, &o, dry_run, job, sizeof job) != 0) {
            status = -1;
            break;
        }
        if (dry_run) continue;
        for (size_t k = 0; k < n; k++) {
            const size_t p = members[k];
            snprintf(sp[p].job, sizeof sp[p].job, "%s_%zu", job, k);
            sp[p].phase = SLURM_QUEUED;
            snprintf(sp[p].state, sizeof sp[p].state, "PENDING");
            sp[p].reason[0] = '\0';
            if (append_record(st, st->points[p].name, sp[p].job) != 0) status = -1;
            /* a status file from an earlier attempt says nothing about this one */
            char path[PATH_MAX + 300];
            slurm_path(st, path, sizeof path, st->points[p].name, ".status");
            unlink(path);
        }
        const size_t used = strlen(dependency);
        snprintf(dependency + used, sizeof dependency - used, "%s%s", used ? ":" : "", job);
    }
    if (status == 0 && (dependency[0] || dry_run))
        submit_summary_job(st, &o, dependency[0] ? dependency : "<array jobs>", dry_run);
    free(members);
    free(done);
    return status;
}

/* ---- the executor ---- */

static void progress(const study *st, const slurm_point *sp, size_t ended, size_t failed,
                     char *last, size_t len) {
    size_t running = 0, pending = 0;
    char reason[64] = "";
    for (size_t i = 0; i < st->n; i++) {
        if (sp[i].phase != SLURM_QUEUED) continue;
        if (strcmp(sp[i].state, "RUNNING") == 0 || strcmp(sp[i].state, "COMPLETING") == 0)
            running++;
        else {
            pending++;
            if (!reason[0] && sp[i].reason[0] && strcmp(sp[i].reason, "None") != 0)
                snprintf(reason, sizeof reason, "%s", sp[i].reason);
        }
    }
    char line[512];
    snprintf(line, sizeof line,
             "slurm: %zu of %zu ended (%zu failed), %zu running, %zu pending%s%s%s", ended, st->n,
             failed, running, pending, reason[0] ? " (" : "", reason, reason[0] ? ")" : "");
    if (strcmp(line, last) != 0) {
        printf("%s\n", line);
        fflush(stdout);
        snprintf(last, len, "%s", line);
    }
}

static void cancel_all(const study *st, const slurm_point *sp) {
    char *argv[4 + 1024];
    size_t n = 0;
    argv[n++] = "scancel";
    for (size_t i = 0; i < st->n && n < 1024; i++)
        if (sp[i].phase == SLURM_QUEUED) argv[n++] = (char *)sp[i].job;
    argv[n] = NULL;
    if (n == 1) return;
    char out[4096];
    const int status = capture(argv, out, sizeof out);
    printf("cancelled %zu queued or running point%s%s%s\n", n - 1, n == 2 ? "" : "s",
           status ? ": scancel said " : "", status ? out : "");
}

size_t study_executor_slurm(study *st, size_t *done, size_t *pending) {
    const snn_slurm_options *o = &st->req->slurm;
    const int dry_run = st->req->dry_run;
    *done = *pending = 0;
    if (strchr(st->dir, '%')) {
        fprintf(stderr,
                "snnbench run: the study folder %s holds a '%%', which Slurm reads as a "
                "pattern in file names; choose another -o\n",
                st->dir);
        return st->n;
    }
    slurm_point *sp = calloc(st->n + 1, sizeof *sp);
    static char queue[1 << 20];
    char err[4096], last[512] = "";
    if (!sp) return st->n;
    size_t failed = 0;
    if (!dry_run) {
        char dir[PATH_MAX + 16];
        snprintf(dir, sizeof dir, "%s/slurm", st->dir);
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "snnbench run: cannot make %s: %s\n", dir, strerror(errno));
            free(sp);
            return st->n;
        }
        read_records(st, sp);
        if (query_queue(queue, sizeof queue, err, sizeof err) != 0) {
            fprintf(stderr, "snnbench run: %s; is Slurm running here (SLURM_CONF)?\n", err);
            free(sp);
            return st->n;
        }
        match_queue(st, sp, queue);
    }
    /* where each point stands: kept, queued, ended (ok or failed), or to be submitted */
    for (size_t i = 0; i < st->n; i++) {
        snn_summary_row *row = &st->rows[i];
        if (sp[i].phase == SLURM_QUEUED) continue; /* never twice */
        /* a task says ok only after its point published the result */
        const int ended = !st->req->force && sp[i].phase == SLURM_ENDED;
        if (ended && classify_ended(st, i, &sp[i])) {
            /* ok: its job made it (since the last look, or the summary job collects) */
        } else if (!st->req->force && st->state[i] == POINT_SAME) {
            snprintf(row->status, sizeof row->status, "kept");
        } else if (o->collect) {
            /* an ended job's failure is in the status now; else it was never submitted */
            if (!ended) snprintf(row->status, sizeof row->status, "not submitted");
        } else {
            if (ended) printf("%s: submitted again (%s)\n", st->points[i].name, row->status);
            row->status[0] = '\0';
            sp[i].submit = 1;
        }
        if (row->status[0]) {
            if (!dry_run) study_point_ended(st, i);
            failed += !study_row_good(row);
            ++*done;
        }
    }
    if (!o->collect && submit_points(st, sp, dry_run) != 0) {
        for (size_t i = 0; i < st->n; i++)
            if (sp[i].submit && sp[i].phase != SLURM_QUEUED) {
                snprintf(st->rows[i].status, sizeof st->rows[i].status, "failed: not submitted");
                failed++, ++*done;
            }
    }
    if (dry_run) {
        free(sp);
        *pending = 0;
        return 0;
    }
    for (;;) {
        size_t queued = 0;
        for (size_t i = 0; i < st->n; i++)
            queued += sp[i].phase == SLURM_QUEUED;
        progress(st, sp, *done, failed, last, sizeof last);
        if (queued == 0 || o->no_wait) {
            *pending = queued;
            break;
        }
        if (snn_point_stop_signal()) {
            if (o->cancel_on_interrupt)
                cancel_all(st, sp);
            else
                printf("the queued and running points go on in Slurm (--cancel-on-interrupt "
                       "cancels them); run the study again to collect them\n");
            *pending = queued;
            break;
        }
        const double poll = o->poll_seconds > 0 ? o->poll_seconds : 5.0;
        struct timespec ts = {(time_t)poll, (long)((poll - (double)(time_t)poll) * 1e9)};
        nanosleep(&ts, NULL); /* a signal ends the sleep early */
        if (query_queue(queue, sizeof queue, err, sizeof err) != 0) {
            fprintf(stderr, "snnbench run: %s (will look again)\n", err);
            continue;
        }
        match_queue(st, sp, queue);
        for (size_t i = 0; i < st->n; i++) {
            if (sp[i].phase != SLURM_ENDED || st->rows[i].status[0]) continue;
            classify_ended(st, i, &sp[i]);
            if (!study_row_good(&st->rows[i])) failed++;
            printf("%s: %s\n", st->points[i].name, st->rows[i].status);
            study_point_ended(st, i);
            ++*done;
        }
    }
    free(sp);
    return failed;
}
