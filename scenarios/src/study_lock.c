/* The study folder's lock: see study_lock.h. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "study_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "snn/error.h"

int snn_study_lock(const char *dir, int *fd, char *err, size_t errlen) {
    char path[PATH_MAX];
    *fd = -1;
    if (snprintf(path, sizeof path, "%s/study.lock", dir) >= (int)sizeof path) {
        snprintf(err, errlen, "%s: path too long for its lock file", dir);
        return SNN_ERR_PARAM;
    }
    const int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (f < 0) {
        snprintf(err, errlen, "cannot create the study lock %s: %s", path, strerror(errno));
        return SNN_ERR_IO;
    }
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(f, F_OFD_SETLK, &lock) != 0) {
        char holder[256] = "";
        const ssize_t got = pread(f, holder, sizeof holder - 1, 0);
        holder[got > 0 ? got : 0] = '\0';
        holder[strcspn(holder, "\n")] = '\0';
        snprintf(err, errlen,
                 "the study folder %s is in use by another snnbench run (%s); wait for it to "
                 "finish or choose another folder with -o",
                 dir, holder[0] ? holder : "holder unknown");
        close(f);
        return SNN_ERR_IO;
    }
    char host[128] = "unknown";
    gethostname(host, sizeof host - 1);
    char line[256];
    const int n = snprintf(line, sizeof line, "pid %ld on %s\n", (long)getpid(), host);
    /* a note for the message of a refused runner; the lock holds without it */
    const int noted = ftruncate(f, 0) == 0 && pwrite(f, line, (size_t)n, 0) == n;
    (void)noted;
    *fd = f;
    return SNN_OK;
}

void snn_study_unlock(int fd) {
    if (fd >= 0) close(fd);
}
