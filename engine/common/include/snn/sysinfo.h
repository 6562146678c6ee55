/* snn_sysinfo: what the process and the machine report about themselves. */
#ifndef SNN_SYSINFO_H
#define SNN_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t vm_peak_kb, vm_rss_kb, vm_hwm_kb; /* from /proc/self/status */
} snn_sysinfo_memory_status;

int snn_sysinfo_memory(snn_sysinfo_memory_status *m); /* SNN_OK or SNN_ERR_IO */
uint64_t snn_sysinfo_available_bytes(void); /* MemAvailable from /proc/meminfo, 0 if unknown */
double snn_sysinfo_seconds(void);           /* monotonic */

/* Now, as "YYYY-MM-DDTHH:MM:SSZ". */
void snn_sysinfo_utc_now(char *buf, size_t len);

#endif
