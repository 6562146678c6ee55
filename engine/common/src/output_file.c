/* Claim, write, publish: see snn/output_file.h. */
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

int snn_path_check(const char *what, const char *path, char *err, size_t errlen) {
    if (!path || !path[0]) {
        snprintf(err, errlen, "%s: an empty path; give a file name", what);
        return SNN_ERR_PARAM;
    }
    const size_t len = strlen(path);
    if (len >= SNN_PATH_MAX) {
        snprintf(err, errlen, "%s: a path of %zu characters; at most %d are allowed", what, len,
                 SNN_PATH_MAX - 1);
        return SNN_ERR_PARAM;
    }
    for (const char *p = path; *p;) {
        const size_t part = strcspn(p, "/");
        if (part > NAME_MAX - SNN_PATH_SUFFIX_ROOM) {
            snprintf(err, errlen,
                     "%s: the path component '%.40s...' has %zu characters; at most %d are "
                     "allowed",
                     what, p, part, NAME_MAX - SNN_PATH_SUFFIX_ROOM);
            return SNN_ERR_PARAM;
        }
        p += part;
        while (*p == '/')
            p++;
    }
    if (path[len - 1] == '/') {
        snprintf(err, errlen, "%s: '%s' names a folder; give a file name", what, path);
        return SNN_ERR_PARAM;
    }
    return SNN_OK;
}

/* The absolute, normalised form of path ("." and ".." and repeated slashes resolved in the
 * text; the existing folder part resolved through symbolic links by realpath). */
static void normalise(const char *path, char *out, size_t len) {
    char joined[2 * PATH_MAX + 2] = "", cwd[PATH_MAX];
    if (path[0] != '/' && getcwd(cwd, sizeof cwd)) snprintf(joined, sizeof joined, "%s/", cwd);
    strncat(joined, path, sizeof joined - strlen(joined) - 1);
    /* collapse the text */
    char *parts[PATH_MAX / 2];
    size_t n = 0;
    for (char *save = NULL, *p = strtok_r(joined, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
        if (!strcmp(p, ".")) continue;
        if (!strcmp(p, "..")) {
            if (n) n--;
            continue;
        }
        if (n < sizeof parts / sizeof parts[0]) parts[n++] = p;
    }
    char text[2 * PATH_MAX + 2] = "";
    for (size_t i = 0; i + 1 < n; i++) {
        strncat(text, "/", sizeof text - strlen(text) - 1);
        strncat(text, parts[i], sizeof text - strlen(text) - 1);
    }
    char resolved[PATH_MAX];
    const char *dir = text[0] ? text : "/";
    if (realpath(dir, resolved)) dir = resolved;
    snprintf(out, len, "%s/%s", strcmp(dir, "/") ? dir : "", n ? parts[n - 1] : "");
}

size_t snn_result_stem_length(const char *path) {
    const size_t len = strlen(path);
    return len > 3 && strcmp(path + len - 3, ".h5") == 0 ? len - 3 : len;
}

int snn_same_path(const char *a, const char *b) {
    char na[2 * PATH_MAX + 2], nb[2 * PATH_MAX + 2];
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    normalise(a, na, sizeof na);
    normalise(b, nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

int snn_make_parent_dirs(const char *path, char *err, size_t errlen) {
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        snprintf(err, errlen, "%s: path too long", path);
        return SNN_ERR_PARAM;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return SNN_OK;
    *slash = '\0';
    /* the folders this call creates, innermost last, so that a failure can undo them */
    size_t created[PATH_MAX / 2], n_created = 0;
    const size_t len = strlen(dir);
    for (size_t i = 1; i <= len; i++) {
        if (dir[i] != '/' && dir[i] != '\0') continue;
        if (dir[i - 1] == '/') continue;
        const char keep = dir[i];
        dir[i] = '\0';
        struct stat st;
        int status = SNN_OK;
        if (stat(dir, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                snprintf(err, errlen, "cannot create the folder for %s: %s is not a folder", path,
                         dir);
                status = SNN_ERR_IO;
            }
        } else if (mkdir(dir, 0777) == 0) {
            created[n_created++] = i;
        } else if (errno != EEXIST) {
            snprintf(err, errlen, "cannot create the folder %s: %s", dir, strerror(errno));
            status = SNN_ERR_IO;
        }
        dir[i] = keep;
        if (status != SNN_OK) {
            while (n_created > 0) {
                dir[created[--n_created]] = '\0';
                rmdir(dir);
            }
            return status;
        }
    }
    return SNN_OK;
}

/* Opens and locks path.part; 0, or -1 with errno (EAGAIN: another process holds it). */
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

const char *snn_write_failure(const char *path, int saved_errno, char *buf, size_t len) {
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

int snn_sync_parent_dir(const char *path) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    const int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    const int s = fsync(fd);
    close(fd);
    return s;
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
    if (snn_sync_parent_dir(o->path) != 0) {
        snprintf(err, errlen, "%s was published but its folder could not be synced: %s", o->path,
                 strerror(errno));
        return SNN_ERR_IO;
    }
    return SNN_OK;
}

int snn_output_fail(snn_output_file *o, int saved_errno, char *err, size_t errlen) {
    char why[256];
    snprintf(err, errlen, "writing %s failed (%s); removed it", o->part,
             snn_write_failure(o->part, saved_errno, why, sizeof why));
    snn_output_abort(o);
    return SNN_ERR_IO;
}

void snn_output_abort(snn_output_file *o) {
    if (o->part[0]) unlink(o->part);
    o->part[0] = '\0';
    if (o->fd >= 0) close(o->fd);
    o->fd = -1;
}
