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
 * Names are checked (paths.h) before anything is created. */
#ifndef SNN_OUTPUT_FILE_H
#define SNN_OUTPUT_FILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "snn/paths.h"

typedef struct {
    char path[PATH_MAX]; /* the name being published */
    char part[PATH_MAX]; /* path + ".part" */
    int fd;              /* open on part, holding its lock; -1 when closed */
    int replace;         /* publishing may replace an existing path */
} snn_output_file;

/* Claims path: refuses an existing path (unless replace), a path another process is writing,
 * an unusable name; creates and locks path.part. On error nothing was created. */
int snn_output_begin(snn_output_file *o, const char *path, int replace, char *err, size_t errlen);
/* A stdio stream writing the claimed .part (on a duplicate of its descriptor, so that closing
 * the stream keeps the claim); NULL with errno set on failure. The caller fcloses it, checking
 * for errors, before committing. */
FILE *snn_output_stream(const snn_output_file *o);
/* Publishes the .part as path (see above). On error the .part is removed. */
int snn_output_commit(snn_output_file *o, char *err, size_t errlen);
/* After a failed write into the .part: err names the file and the cause (snn_output_failure),
 * the .part is removed. Returns SNN_ERR_IO. */
int snn_output_fail(snn_output_file *o, int saved_errno, char *err, size_t errlen);
/* Removes the .part and releases the claim. Safe to call twice, and after a commit. */
void snn_output_abort(snn_output_file *o);

/* Why writing path failed, for a message: "disk full: N kB free ..." when its file system is
 * (nearly) full, else the error saved_errno names, else "a write failed (disk full?)". */
const char *snn_output_failure(const char *path, int saved_errno, char *buf, size_t len);

#endif
