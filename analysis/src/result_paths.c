/* snn_result_paths: a path as a list of result files (a file, or a study folder's results). */
#include "snn/result_paths.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "snn/analysis.h"
#include "snn/error.h"

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int snn_result_paths_list(const char *path, snn_result_paths *out, char *err, size_t errlen) {
    *out = (snn_result_paths){0};
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: no such file or folder", path);
        return SNN_ERR_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        out->paths = malloc(sizeof *out->paths);
        out->paths[0] = strdup(path);
        out->count = 1;
        return SNN_OK;
    }
    out->is_study = 1;
    DIR *d = opendir(path);
    if (!d) {
        snprintf(err, errlen, "%s: cannot read the folder", path);
        return SNN_ERR_IO;
    }
    size_t cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        const size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".h5") != 0) continue; /* .h5.part excluded */
        if (strcmp(e->d_name, "summary.h5") == 0) continue;
        const size_t sfx = strlen(SNN_ANALYSIS_SUFFIX);
        if (len > sfx && strcmp(e->d_name + len - sfx, SNN_ANALYSIS_SUFFIX) == 0) continue;
        if (out->count == cap) {
            cap = cap ? 2 * cap : 16;
            out->paths = realloc(out->paths, cap * sizeof *out->paths);
        }
        const size_t n = strlen(path) + len + 2;
        out->paths[out->count] = malloc(n);
        snprintf(out->paths[out->count++], n, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (out->count == 0) {
        snprintf(err, errlen, "%s: a folder with no result files (*.h5)", path);
        return SNN_ERR_IO;
    }
    qsort(out->paths, out->count, sizeof *out->paths, by_name);
    return SNN_OK;
}

void snn_result_paths_free(snn_result_paths *p) {
    for (size_t i = 0; i < p->count; i++)
        free(p->paths[i]);
    free(p->paths);
    *p = (snn_result_paths){0};
}
