/* snn_cpu_gathers_fast: an Intel CPU whose gathers run unmitigated (cpu_gathers.h). */
#include "snn/cpu_gathers.h"

#include <stdio.h>
#include <string.h>

/* The kernel's word on Gather Data Sampling: "Not affected", "Vulnerable" (no mitigation in
 * force, with or without the microcode for it) or "Mitigation: ..." / "Unknown: ...". */
#define GDS_STATUS "/sys/devices/system/cpu/vulnerabilities/gather_data_sampling"

int snn_cpu_gathers_fast(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (!__builtin_cpu_is("intel")) return 0;
    FILE *f = fopen(GDS_STATUS, "r");
    if (!f) return 0;
    char status[128] = "";
    const int read = fgets(status, sizeof status, f) != NULL;
    fclose(f);
    return read && (strncmp(status, "Not affected", strlen("Not affected")) == 0 ||
                    strncmp(status, "Vulnerable", strlen("Vulnerable")) == 0);
#else
    return 0;
#endif
}
