/* Fuzz target: result files, read as `snnbench analyze` reads them (the HDF5 library opens a
 * file by name, so the input is written to one), then analysed. Invariant: a file the reader
 * accepts can be analysed (or fails with a code), never a crash. Crashes found inside libhdf5
 * itself are listed in the README's known limits with their reproducers. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "snn/analysis.h"
#include "snn/error.h"
#include "snn/result_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/snnbench-fuzz-%ld.h5", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    snn_result r;
    char err[8192];
    if (snn_result_read(path, &r, err, sizeof err) != SNN_OK) return 0;
    snn_analysis_options o;
    snn_analysis_defaults(&o);
    snn_analysis a;
    if (snn_analyze(&r, &o, &a) == SNN_OK) snn_analysis_free(&a);
    snn_result_free(&r);
    return 0;
}
