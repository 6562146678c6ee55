/* One Slurm array task: the point its index names, run as the runner wrote it down, with
 * what happened written to the point's status file (see executor_slurm.c). Slurm sends
 * SIGTERM two minutes before the time limit (--signal=B:TERM@120) or at scancel; it is
 * passed on to the point, which removes its .part and ends. */
#define _GNU_SOURCE
#include "snn/slurm_task.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "slurm_script.h"

static volatile sig_atomic_t child, got_signal;

static void pass_on(int sig) {
    got_signal = sig;
    if (child > 0) kill(child, sig);
}

/* Line `index` (from 0) of the list: a point name, checked to be one. */
static int point_at(const char *list, long index, char *name, size_t len) {
    FILE *f = fopen(list, "r");
    if (!f) return -1;
    char line[512];
    int found = -1;
    for (long i = 0; fgets(line, sizeof line, f); i++)
        if (i == index) {
            line[strcspn(line, "\n")] = '\0';
            const int safe =
                line[0] && line[strspn(line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR"
                                             "STUVWXYZ0123456789._-")] == '\0';
            if (safe && snprintf(name, len, "%s", line) < (int)len) found = 0;
            break;
        }
    fclose(f);
    return found;
}

/* The status file, replaced whole: "<word> <job> <host>[: why]". */
static void set_status(const char *path, const char *word, const char *job, const char *why) {
    char part[8192], host[256] = "unknown";
    gethostname(host, sizeof host - 1);
    snprintf(part, sizeof part, "%s.part", path);
    FILE *f = fopen(part, "w");
    if (!f) return;
    fprintf(f, "%s %s %s%s%s %lld\n", word, job, host, why[0] ? ": " : "", why,
            (long long)time(NULL));
    if (fclose(f) == 0) rename(part, path);
}

int snn_slurm_task(const char *dir, const char *list, const char *index_text) {
    char *end;
    const long index = strtol(index_text, &end, 10);
    char name[300], cmd[8192], status_path[8192], job[128];
    if (!*index_text || *end || index < 0 || point_at(list, index, name, sizeof name) != 0) {
        fprintf(stderr, "snnbench slurm-task: no point at index %s of %s\n", index_text, list);
        return 2;
    }
    snprintf(cmd, sizeof cmd, "%s/slurm/%s.cmd", dir, name);
    snprintf(status_path, sizeof status_path, "%s/slurm/%s.status", dir, name);
    const char *array = getenv("SLURM_ARRAY_JOB_ID"), *task = getenv("SLURM_ARRAY_TASK_ID");
    snprintf(job, sizeof job, "%s_%s", array ? array : "?", task ? task : index_text);
    char **args, *buffer;
    if (snn_slurm_args_read(cmd, &args, &buffer) != 0) {
        set_status(status_path, "failed", job, "its command file is missing or damaged");
        fprintf(stderr, "snnbench slurm-task: cannot read %s\n", cmd);
        return 2;
    }
    set_status(status_path, "running", job, "");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = pass_on;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execvp(args[0], args);
        fprintf(stderr, "snnbench slurm-task: cannot start %s: %s\n", args[0], strerror(errno));
        _exit(127);
    }
    child = pid;
    if (got_signal && pid > 0) kill(pid, got_signal);
    int wstatus = 0;
    while (pid > 0 && waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    char why[256] = "";
    int ok = 0;
    if (pid < 0)
        snprintf(why, sizeof why, "could not start the point (%s)", strerror(errno));
    else if (got_signal)
        snprintf(why, sizeof why, "stopped by signal %d from Slurm (time limit near, or scancel)",
                 (int)got_signal);
    else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
        ok = 1;
    else if (WIFEXITED(wstatus))
        snprintf(why, sizeof why, "exit status %d", WEXITSTATUS(wstatus));
    else
        snprintf(why, sizeof why, "killed by signal %d", WTERMSIG(wstatus));
    set_status(status_path, ok ? "ok" : "failed", job, why);
    free(args);
    free(buffer);
    return ok ? 0 : 1;
}
