/* snn_point_process: one study point as a child process that never outlives the runner.
 *
 * The runner installs handlers for SIGINT, SIGTERM and SIGHUP: a signal is passed on to the
 * running child, the child is reaped (so that it has removed its .part), and only then does
 * the runner end itself with the same signal. A child whose runner dies without a chance to
 * do this (SIGKILL) receives SIGTERM from the kernel (PR_SET_PDEATHSIG). */
#ifndef SNN_POINT_PROCESS_H
#define SNN_POINT_PROCESS_H

#include <stddef.h>

void snn_point_signals_install(void);
/* The signal that asked the runner to stop, or 0. */
int snn_point_stop_signal(void);
/* Ends the runner with that signal (default action), after its own clean-up. */
void snn_point_signal_reraise(void);

/* Runs args (args[0] the executable) with stdout on /dev/null, waits for it and describes
 * the outcome in status: "ok", "failed: exit status N", "failed: killed by signal N (...)",
 * or "interrupted by signal N" when the runner was asked to stop. Returns 0 for "ok". */
int snn_point_process_run(char *const args[], char *status, size_t len);

#endif
