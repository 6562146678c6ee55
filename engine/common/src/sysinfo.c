/* snn_sysinfo: memory from /proc/self/status, available memory from /proc/meminfo, clocks. */
#include "snn/sysinfo.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "snn/error.h"

static int read_kb(const char *path, const char *key, uint64_t *kb) {
    FILE *f = fopen(path, "r");
    if (!f) return SNN_ERR_IO;
    char line[256];
    const size_t n = strlen(key);
    int found = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':') {
            unsigned long long v = 0;
            found = sscanf(line + n + 1, "%llu", &v) == 1;
            *kb = v;
            break;
        }
    fclose(f);
    return found ? SNN_OK : SNN_ERR_FORMAT;
}

int snn_sysinfo_memory(snn_sysinfo_memory_status *m) {
    *m = (snn_sysinfo_memory_status){0};
    int s = read_kb("/proc/self/status", "VmPeak", &m->vm_peak_kb);
    s |= read_kb("/proc/self/status", "VmRSS", &m->vm_rss_kb);
    s |= read_kb("/proc/self/status", "VmHWM", &m->vm_hwm_kb);
    return s ? SNN_ERR_IO : SNN_OK;
}

uint64_t snn_sysinfo_available_bytes(void) {
    uint64_t kb = 0;
    return read_kb("/proc/meminfo", "MemAvailable", &kb) == SNN_OK ? kb * 1024 : 0;
}

double snn_sysinfo_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void snn_sysinfo_utc_now(char *buf, size_t len) {
    const time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
