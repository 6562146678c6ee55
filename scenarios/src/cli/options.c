/* Option values shared by the commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

int snn_cmd_number_option(const char *command, const char *name, const char *text, double lo,
                          double hi, double *out) {
    char *end;
    errno = 0;
    const double v = strtod(text, &end);
    if (end == text || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr, "snnbench %s: %s %s: allowed a number in [%g, %g]\n", command, name, text,
                lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

void snn_cmd_command_line(int argc, char **argv, char *buf, size_t len) {
    snprintf(buf, len, "snnbench");
    for (int i = 0; i < argc; i++) {
        strncat(buf, " ", len - strlen(buf) - 1);
        strncat(buf, argv[i], len - strlen(buf) - 1);
    }
}
