/* snn_machine: kernel, huge pages, the environment that matters, the batch job. */
#include "snn/machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

extern char **environ;

void snn_machine_kernel(char *buf, size_t len) {
    struct utsname u;
    if (uname(&u) != 0) {
        snprintf(buf, len, "unknown");
        return;
    }
    snprintf(buf, len, "%s %s %s %s", u.sysname, u.release, u.version, u.machine);
}

void snn_machine_transparent_hugepages(char *buf, size_t len) {
    snprintf(buf, len, "unknown");
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return;
    char line[256];
    /* the mode in force is the bracketed one: "always [madvise] never" */
    if (fgets(line, sizeof line, f)) {
        const char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
        if (open && close) snprintf(buf, len, "%.*s", (int)(close - open - 1), open + 1);
    }
    fclose(f);
}

static int matters(const char *entry) {
    static const char *const prefixes[] = {
        "OMP_",           "GOMP_",         "KMP_",          "OMPI_MCA_",
        "SLURM_CPU_BIND", "SLURM_JOB_ID=", "SLURM_NTASKS=", "SLURM_CPUS_PER_TASK=",
        "SLURM_ARRAY_",   "MALLOC_",       "LD_PRELOAD="};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(entry, prefixes[i], strlen(prefixes[i])) == 0) return 1;
    return 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void snn_machine_environment(char *buf, size_t len) {
    size_t n = 0;
    for (char **e = environ; *e; e++)
        n += matters(*e);
    const char **chosen = malloc((n + 1) * sizeof *chosen);
    buf[0] = '\0';
    if (!chosen) return;
    n = 0;
    for (char **e = environ; *e; e++)
        if (matters(*e)) chosen[n++] = *e;
    qsort(chosen, n, sizeof *chosen, by_name);
    size_t used = 0;
    for (size_t i = 0; i < n && used < len; i++) {
        const int w = snprintf(buf + used, len - used, "%s%s", i ? "\n" : "", chosen[i]);
        if (w < 0 || (size_t)w >= len - used) {
            if (len >= 4) snprintf(buf + len - 4, 4, "...");
            break;
        }
        used += (size_t)w;
    }
    free(chosen);
}

void snn_machine_batch_job(char *buf, size_t len) {
    const char *array = getenv("SLURM_ARRAY_JOB_ID"), *task = getenv("SLURM_ARRAY_TASK_ID");
    const char *job = getenv("SLURM_JOB_ID");
    if (array && task)
        snprintf(buf, len, "slurm %s_%s", array, task);
    else if (job)
        snprintf(buf, len, "slurm %s", job);
    else
        buf[0] = '\0';
}
