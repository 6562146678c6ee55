/* Fuzz target: scenario files. The input is written to a file (the loader reads files, as
 * the runner does) and loaded; a scenario that loads is expanded into its points. Invariant:
 * every point of a loaded scenario has a name and passes validation (the expansion checks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "snn/error.h"
#include "snn/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/snnbench-fuzz-%ld.cfg", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    snn_scenario s;
    char err[8192];
    if (snn_scenario_load(path, &s, err, sizeof err) == SNN_OK) {
        snn_point *points = NULL;
        size_t n = 0;
        if (snn_scenario_expand(&s, &points, &n, err, sizeof err) == SNN_OK)
            for (size_t i = 0; i < n; i++)
                if (!points[i].name[0]) abort();
        free(points);
        snn_scenario_free(&s);
    }
    return 0;
}
