/* snn_output_file: claim, write, publish; see snn/output_file.h. */
#define _GNU_SOURCE /* F_OFD_SETLK: a lock owned by the open file, not the process */
#include "snn/output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "snn/error.h"
#include "snn/paths.h"

static int claim_part(snn_output_file *o) {
    for (int attempt = 0; attempt < 8; attempt++) {
        int fd = open(o->part, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EEXIST) fd = open(o->part, O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) continue; /* removed between the two opens */
            return -1;
        }
        struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        if (fcntl(fd, F_OFD_SETLK, &lock) != 0) {
            const int e = errno;
            close(fd);
            errno = e == EACCES ? EAGAIN : e;
            return -1;
        }
        /* the previous holder may have published or removed this very file between our open
         * and our lock: only a .part that is still the one at the name is ours */
        struct stat held, named;
        const int same = fstat(fd, &held) == 0 && stat(o->part, &named) == 0 &&
                         held.st_ino == named.st_ino && held.st_dev == named.st_dev;
        if (same && held.st_nlink == 1) {
            if (ftruncate(fd, 0) != 0) {
                close(fd);
                return -1;
            }
            o->fd = fd;
            return 0;
        }
        /* unlocked and linked elsewhere too: a writer killed between publishing (link) and
         * removing its .part; the published file is whole, the name is only a leftover */
        if (same && held.st_nlink > 1) unlink(o->part);
        close(fd);
    }
    errno = EAGAIN;
    return -1;
}

int snn_output_begin(snn_output_file *o, const char *path, int replace, char *err, size_t errlen) {
    o->fd = -1;
    o->path[0] = o->part[0] = '\0';
    o->replace = replace;
    const int status = snn_path_check("output", path, err, errlen);
    if (status != SNN_OK) return status;
    snprintf(o->path, sizeof o->path, "%s", path);
    snprintf(o->part, sizeof o->part, "%s.part", path);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s is a folder; give a file name", path);
        return SNN_ERR_PARAM;
    }
    if (!replace && lstat(path, &st) == 0) {
        snprintf(err, errlen, "%s exists; choose another name or pass --overwrite", path);
        return SNN_ERR_IO;
    }
    if (claim_part(o) != 0) {
        if (errno == EAGAIN)
            snprintf(err, errlen,
                     "%s is being written by another snnbench process; wait for it "
                     "or choose another name",
                     path);
        else
            snprintf(err, errlen, "cannot write %s: %s", o->part, strerror(errno));
        return SNN_ERR_IO;
    }
    /* checked again under the lock: a writer that finished meanwhile has published it */
    if (!replace && lstat(path, &st) == 0) {
        snprintf(err, errlen, "%s exists; choose another name or pass --overwrite", path);
        snn_output_abort(o);
        return SNN_ERR_IO;
    }
    return SNN_OK;
}

const char *snn_output_failure(const char *path, int saved_errno, char *buf, size_t len) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        *slash = '\0';
    struct statvfs fs;
    if (statvfs(dir[0] ? dir : "/", &fs) == 0 && (double)fs.f_bavail * fs.f_frsize < 1048576.0)
        snprintf(buf, len, "disk full: %.0f kB free on its file system",
                 (double)fs.f_bavail * fs.f_frsize / 1024.0);
    else if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG ||
             saved_errno == EIO || saved_errno == EROFS || saved_errno == EACCES)
        snprintf(buf, len, "%s", strerror(saved_errno));
    else
        snprintf(buf, len, "a write failed (disk full?)");
    return buf;
}

FILE *snn_output_stream(const snn_output_file *o) {
    const int fd = o->fd >= 0 ? dup(o->fd) : -1;
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f && fd >= 0) {
        const int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

int snn_output_commit(snn_output_file *o, char *err, size_t errlen) {
    if (o->fd < 0) {
        snprintf(err, errlen, "%s: nothing to publish", o->path);
        return SNN_ERR_IO;
    }
    if (fsync(o->fd) != 0) {
        snprintf(err, errlen, "cannot write %s: %s; removed it", o->part, strerror(errno));
        snn_output_abort(o);
        return SNN_ERR_IO;
    }
    const int published = o->replace ? rename(o->part, o->path) : link(o->part, o->path);
    if (published != 0) {
        const int e = errno;
        if (e == EEXIST)
            snprintf(err, errlen,
                     "%s appeared while this run wrote it (another process?); it "
                     "was left as it is and this run's result removed",
                     o->path);
        else
            snprintf(err, errlen, "cannot publish %s as %s: %s; removed it", o->part, o->path,
                     strerror(e));
        snn_output_abort(o);
        return SNN_ERR_IO;
    }
    if (!o->replace) unlink(o->part);
    o->part[0] = '\0';
    close(o->fd);
    o->fd = -1;
    if (snn_path_sync_parent(o->path) != 0) {
        snprintf(err, errlen, "%s was published but its folder could not be synced: %s", o->path,
                 strerror(errno));
        return SNN_ERR_IO;
    }
    return SNN_OK;
}

int snn_output_fail(snn_output_file *o, int saved_errno, char *err, size_t errlen) {
    char why[256];
    snprintf(err, errlen, "writing %s failed (%s); removed it", o->part,
             snn_output_failure(o->part, saved_errno, why, sizeof why));
    snn_output_abort(o);
    return SNN_ERR_IO;
}

void snn_output_abort(snn_output_file *o) {
    if (o->part[0]) unlink(o->part);
    o->part[0] = '\0';
    if (o->fd >= 0) close(o->fd);
    o->fd = -1;
}
