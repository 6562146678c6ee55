/* snn_output_file: how every file of this project comes into existence, so that a file that
 * exists is whole and never replaced by accident.
 *
 * A writer claims NAME by creating NAME.part and holding an open-file-description lock on
 * it (a second writer of the same NAME is refused while the first lives; a .part left by a
 * killed process carries no lock and is taken over). It writes the .part by name or through
 * the descriptor, then commits: fsync the .part, publish it as NAME with link() (which never
 * replaces a file, and works on NFS) or, only where replacing was asked for, rename(), unlink
 * the .part, fsync the folder. Any failure removes the .part; nothing else is left behind.
 *
 * Paths are checked before anything is created: not empty, shorter than PATH_MAX with room
 * for the suffixes, no component longer than NAME_MAX. No path is ever cut short. */
#ifndef SNN_OUTPUT_FILE_H
#define SNN_OUTPUT_FILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

/* Room kept for the suffixes this project appends to a name (".part", ".log", ...). */
#define SNN_PATH_SUFFIX_ROOM 16
#define SNN_PATH_MAX         (PATH_MAX - SNN_PATH_SUFFIX_ROOM)

typedef struct {
    char path[PATH_MAX]; /* the name being published */
    char part[PATH_MAX]; /* path + ".part" */
    int fd;              /* open on part, holding its lock; -1 when closed */
    int replace;         /* publishing may replace an existing path */
} snn_output_file;

/* 0 if path can be used as an output name; else SNN_ERR_PARAM and err says why. */
int snn_path_check(const char *what, const char *path, char *err, size_t errlen);

/* mkdir -p for the folder that will hold path (nothing if path has no folder part). Folders
 * it created are removed again if a later one cannot be made. */
int snn_make_parent_dirs(const char *path, char *err, size_t errlen);

/* Claims path: refuses an existing path (unless replace), a path another process is writing,
 * an unusable name; creates and locks path.part. On error nothing was created. */
int snn_output_begin(snn_output_file *o, const char *path, int replace, char *err, size_t errlen);
/* A stdio stream writing the claimed .part (on a duplicate of its descriptor, so that closing
 * the stream keeps the claim); NULL with errno set on failure. The caller fcloses it, checking
 * for errors, before committing. */
FILE *snn_output_stream(const snn_output_file *o);
/* Publishes the .part as path (see above). On error the .part is removed. */
int snn_output_commit(snn_output_file *o, char *err, size_t errlen);
/* After a failed write into the .part: err names the file and the cause (snn_write_failure),
 * the .part is removed. Returns SNN_ERR_IO. */
int snn_output_fail(snn_output_file *o, int saved_errno, char *err, size_t errlen);
/* Removes the .part and releases the claim. Safe to call twice, and after a commit. */
void snn_output_abort(snn_output_file *o);

/* The length of path without a trailing ".h5": the stem that sibling files (NAME.log,
 * NAME.analysis.h5) share with a result file. */
size_t snn_result_stem_length(const char *path);

/* Whether two paths name the same file, existing or not (./r.h5 and r.h5, a/../r.h5). */
int snn_same_path(const char *a, const char *b);

/* Why writing path failed, for a message: "disk full: N kB free ..." when its file system is
 * (nearly) full, else the error saved_errno names, else "a write failed (disk full?)". */
const char *snn_write_failure(const char *path, int saved_errno, char *buf, size_t len);

/* fsync of the folder holding path, so that a rename or link into it is durable. */
int snn_sync_parent_dir(const char *path);

#endif
