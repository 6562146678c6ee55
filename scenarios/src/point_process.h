/* snn_point_process: study points as child processes that never outlive the runner.
 *
 * The runner installs handlers for SIGINT, SIGTERM and SIGHUP: a signal is passed on to
 * every running child, the children are reaped (so that they have removed their .part), and
 * only then does the runner end itself with the same signal. A child whose runner dies
 * without a chance to do this (SIGKILL) receives SIGTERM from the kernel
 * (PR_SET_PDEATHSIG). Several children may run at once (snnbench run --jobs N). */
#ifndef SNN_POINT_PROCESS_H
#define SNN_POINT_PROCESS_H

#include <stddef.h>
#include <sys/types.h>

#define SNN_POINT_PROCESSES_MAX 256 /* children running at once */

void snn_point_signals_install(void);
/* The signal that asked the runner to stop, or 0. */
int snn_point_stop_signal(void);
/* Ends the runner with that signal (default action), after its own clean-up. */
void snn_point_signal_reraise(void);

/* Starts args (args[0] the executable, found on PATH) with stdout on /dev/null; returns its
 * pid, or -1 with the reason in status. */
pid_t snn_point_process_start(char *const args[], char *status, size_t len);
/* Waits for any child started above; returns its pid (-1 when none runs) and describes the
 * outcome in status: "ok", "failed: exit status N", "failed: killed by signal N (...)", or
 * "interrupted by signal N" when the runner was asked to stop. *ok is 1 for "ok". */
pid_t snn_point_process_wait_any(char *status, size_t len, int *ok);

#endif
