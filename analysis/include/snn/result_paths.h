/* A result file or a study folder, as a list of result files (sorted by name). */
#ifndef SNN_RESULT_PATHS_H
#define SNN_RESULT_PATHS_H

#include <stddef.h>

typedef struct {
    char **paths;
    size_t count;
    int is_study;
} snn_result_paths;

/* SNN_OK, or an error (message in err) when the path is neither a file nor a folder with
 * result files. */
int snn_result_paths_list(const char *path, snn_result_paths *out, char *err, size_t errlen);
void snn_result_paths_free(snn_result_paths *p);

#endif
