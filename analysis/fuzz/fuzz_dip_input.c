/* Fuzz target: the dip test's text input (`snnbench dip FILE`) and the test itself.
 * Invariants: a dip is NA or in (0, 1/4] (1/2 for a single number); a p-value is NA or in [0, 1];
 * the verdict is NA exactly when the p-value is. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "snn/dip.h"
#include "snn/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) return 0;
    double *x = NULL;
    size_t n = 0;
    char err[512];
    const int status = snn_dip_read_numbers(in, "input", &x, &n, err, sizeof err);
    fclose(in);
    if (status != SNN_OK || n == 0) return free(x), 0;
    snn_dip_result r;
    if (snn_dip_test(x, n, 0.05, &r) == SNN_OK) {
        if (!isnan(r.dip) && !(r.dip > 0 && r.dip <= fmax(0.25, 0.5 / (double)n))) abort();
        if (!isnan(r.p_value) && !(r.p_value >= 0 && r.p_value <= 1)) abort();
        if (isnan(r.p_value) != (r.unimodal == SNN_VERDICT_NA)) abort();
    }
    free(x);
    return 0;
}
