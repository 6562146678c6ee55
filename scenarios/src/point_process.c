/* Children that end with their runner: see point_process.h. */
#include "point_process.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Written by the handler and read by the loop (stop_signal), or written by the loop with
 * the signals blocked and read by the handler (the running children). */
static volatile sig_atomic_t stop_signal;
static volatile pid_t running[SNN_POINT_PROCESSES_MAX];

static void on_stop(int sig) {
    stop_signal = sig;
    for (int i = 0; i < SNN_POINT_PROCESSES_MAX; i++)
        if (running[i] > 0) kill(running[i], sig);
}

/* The handler never sees the table half-changed. */
static void set_running(pid_t old, pid_t new) {
    sigset_t all, previous;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &previous);
    for (int i = 0; i < SNN_POINT_PROCESSES_MAX; i++)
        if (running[i] == old) {
            running[i] = new;
            break;
        }
    sigprocmask(SIG_SETMASK, &previous, NULL);
}

void snn_point_signals_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: waitpid returns and the loop sees the request */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int snn_point_stop_signal(void) {
    return stop_signal;
}

void snn_point_signal_reraise(void) {
    const int sig = stop_signal;
    if (!sig) return;
    signal(sig, SIG_DFL);
    raise(sig);
}

pid_t snn_point_process_start(char *const args[], char *status, size_t len) {
    if (stop_signal) {
        snprintf(status, len, "interrupted by signal %d before it started", (int)stop_signal);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child == 0) {
        /* end with the runner even if it is killed outright */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(125);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        if (!freopen("/dev/null", "w", stdout)) _exit(126); /* the point's log has the figures */
        execvp(args[0], args); /* a launcher (mpiexec, srun) is found on PATH */
        _exit(127);
    }
    if (child < 0) {
        snprintf(status, len, "failed: could not start (%s)", strerror(errno));
        return -1;
    }
    set_running(0, child);
    if (stop_signal) kill(child, stop_signal); /* arrived between fork and the line above */
    return child;
}

pid_t snn_point_process_wait_any(char *status, size_t len, int *ok) {
    int wstatus = 0;
    pid_t got;
    do
        got = waitpid(-1, &wstatus, 0);
    while (got < 0 && errno == EINTR);
    *ok = 0;
    if (got < 0) {
        snprintf(status, len, "failed: lost the child process (%s)", strerror(errno));
        return -1;
    }
    set_running(got, 0);
    if (stop_signal)
        snprintf(status, len, "interrupted by signal %d", (int)stop_signal);
    else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
        snprintf(status, len, "ok"), *ok = 1;
    else if (WIFEXITED(wstatus))
        snprintf(status, len, "failed: exit status %d", WEXITSTATUS(wstatus));
    else
        snprintf(status, len, "failed: killed by signal %d (%s)", WTERMSIG(wstatus),
                 strsignal(WTERMSIG(wstatus)));
    return got;
}
