/* The Slurm executor's files (see slurm_script.h). */
#include "slurm_script.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int snn_shell_quote(const char *s, char *out, size_t len) {
    size_t k = 0;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (k + 1 >= len) return -1;                                                               \
        out[k++] = (c);                                                                            \
    } while (0)
    PUT('\'');
    for (; *s; s++) {
        if (*s == '\'') { /* close, an escaped quote, reopen */
            PUT('\'');
            PUT('\\');
            PUT('\'');
            PUT('\'');
        } else {
            PUT(*s);
        }
    }
    PUT('\'');
#undef PUT
    out[k] = '\0';
    return 0;
}

int snn_slurm_script_write(FILE *out, const char *snnbench, const char *dir, const char *list,
                           const char *what) {
    static char q_self[8192], q_dir[8192], q_list[8192];
    if (snn_shell_quote(snnbench, q_self, sizeof q_self) ||
        snn_shell_quote(dir, q_dir, sizeof q_dir) || snn_shell_quote(list, q_list, sizeof q_list))
        return -1;
    /* `what` is our own text (counts and shapes), but a comment must not end early */
    fprintf(out, "#!/bin/sh\n# snnbench: ");
    for (const char *c = what; *c; c++)
        fputc(*c == '\n' ? ' ' : *c, out);
    fprintf(out,
            "\n# The task's point and command line are in files; the shell reads nothing "
            "else.\nexec %s slurm-task %s %s \"$SLURM_ARRAY_TASK_ID\"\n",
            q_self, q_dir, q_list);
    return ferror(out) ? -1 : 0;
}

int snn_slurm_summary_script_write(FILE *out, const char *snnbench, char *const *args) {
    static char q[8192];
    if (snn_shell_quote(snnbench, q, sizeof q)) return -1;
    fprintf(out, "#!/bin/sh\n# snnbench: the study's summary, once its arrays have ended\nexec %s",
            q);
    for (size_t i = 0; args[i]; i++) {
        if (snn_shell_quote(args[i], q, sizeof q)) return -1;
        fprintf(out, " %s", q);
    }
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

int snn_slurm_args_write(const char *path, char *const *args) {
    char part[8192];
    snprintf(part, sizeof part, "%s.part", path);
    FILE *f = fopen(part, "w");
    if (!f) return -1;
    for (size_t i = 0; args[i]; i++)
        fwrite(args[i], 1, strlen(args[i]) + 1, f);
    const int bad = ferror(f) | (fclose(f) != 0);
    if (bad || rename(part, path) != 0) {
        unlink(part);
        return -1;
    }
    return 0;
}

int snn_slurm_args_read(const char *path, char ***args, char **buffer) {
    *args = NULL, *buffer = NULL;
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (!buf || len == 0 || buf[len - 1] != '\0') {
        free(buf);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += buf[i] == '\0';
    char **a = calloc(n + 1, sizeof *a);
    if (!a) {
        free(buf);
        return -1;
    }
    for (size_t i = 0, k = 0; i < len; i += strlen(buf + i) + 1)
        a[k++] = buf + i;
    *args = a, *buffer = buf;
    return 0;
}
