/* snn_path: output names checked, compared and given their folders; see snn/paths.h. */
#include "snn/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

size_t snn_path_stem_length(const char *path) {
    const size_t len = strlen(path);
    return len > 3 && strcmp(path + len - 3, ".h5") == 0 ? len - 3 : len;
}

int snn_path_same(const char *a, const char *b) {
    char na[2 * PATH_MAX + 2], nb[2 * PATH_MAX + 2];
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    normalise(a, na, sizeof na);
    normalise(b, nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

int snn_path_make_parents(const char *path, char *err, size_t errlen) {
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
int snn_path_sync_parent(const char *path) {
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
