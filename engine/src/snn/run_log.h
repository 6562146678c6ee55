/* The seed's logger: "<rank> <value> # <key>" lines, on stdout for ranks below 5 (as the seed
 * prints them) and in the rank's log file where it has one. */
#ifndef SNN_RUN_LOG_H
#define SNN_RUN_LOG_H

#include <stdio.h>

/* One line to one stream (flushed: a run that dies still leaves its figures so far). */
void snn_run_log_line(FILE *out, int rank, const char *key, double value);
/* To stdout (ranks below 5) and to the log (may be NULL). */
void snn_run_log(FILE *log, int rank, const char *key, double value);

#endif
