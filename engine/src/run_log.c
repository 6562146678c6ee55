/* The seed's logger (see run_log.h). */
#include "snn/run_log.h"

void snn_run_log_line(FILE *out, int rank, const char *key, double value) {
    fprintf(out, "%d %.10g # %s\n", rank, value, key);
    fflush(out);
}

void snn_run_log(FILE *log, int rank, const char *key, double value) {
    if (rank < 5) snn_run_log_line(stdout, rank, key, value);
    if (log) snn_run_log_line(log, rank, key, value);
}
