/* snn_path: output names, checked before anything is created: not empty, shorter than
 * PATH_MAX with room for the suffixes, no component longer than NAME_MAX, not a folder. No
 * path is ever cut short. */
#ifndef SNN_PATHS_H
#define SNN_PATHS_H

#include <limits.h>
#include <stddef.h>

/* Room kept for the suffixes this project appends to a name (".part", ".log", ...). */
#define SNN_PATH_SUFFIX_ROOM 16
#define SNN_PATH_MAX         (PATH_MAX - SNN_PATH_SUFFIX_ROOM)

/* 0 if path can be used as an output name; else SNN_ERR_PARAM and err says why. */
int snn_path_check(const char *what, const char *path, char *err, size_t errlen);

/* mkdir -p for the folder that will hold path (nothing if path has no folder part). Folders
 * it created are removed again if a later one cannot be made. */
int snn_path_make_parents(const char *path, char *err, size_t errlen);

/* The length of path without a trailing ".h5": the stem that sibling files (NAME.log,
 * NAME.analysis.h5) share with a result file. */
size_t snn_path_stem_length(const char *path);

/* Whether two paths name the same file, existing or not (./r.h5 and r.h5, a/../r.h5). */
int snn_path_same(const char *a, const char *b);

/* fsync of the folder holding path, so that a rename or link into it is durable. */
int snn_path_sync_parent(const char *path);

#endif
