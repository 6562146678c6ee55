/* snn_gnuplot: figures as data file + script, rendered by the gnuplot program into .part files. */
#include "snn/gnuplot.h"
#include "snn/output_file.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

FILE *snn_gnuplot_data(const snn_gnuplot_figures *fs, const char *name) {
    char path[PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%s.dat.part", fs->dir, name);
    return fopen(path, "w");
}

/* Publishes DIR/NAME.SUFFIX.part as DIR/NAME.SUFFIX (figures are derived files: a newer one
 * replaces an older one). */
static int publish(const snn_gnuplot_figures *fs, const char *name, const char *suffix, char *err,
                   size_t errlen) {
    char part[PATH_MAX + 300], final[PATH_MAX + 300];
    snprintf(final, sizeof final, "%s/%s.%s", fs->dir, name, suffix);
    snprintf(part, sizeof part, "%s/%s.%s.part", fs->dir, name, suffix);
    if (rename(part, final) != 0) {
        snprintf(err, errlen, "cannot publish %s: %s", final, strerror(errno));
        unlink(part);
        return -1;
    }
    return 0;
}

static void discard(const snn_gnuplot_figures *fs, const char *name, const char *suffix) {
    char part[PATH_MAX + 300];
    snprintf(part, sizeof part, "%s/%s.%s.part", fs->dir, name, suffix);
    unlink(part);
}

/* The data file, closed with every write checked. */
static int close_data(const snn_gnuplot_figures *fs, const char *name, FILE *data, char *err,
                      size_t errlen) {
    if (!data) {
        snprintf(err, errlen, "cannot write %s/%s.dat.part: %s", fs->dir, name, strerror(errno));
        return -1;
    }
    const int failed = ferror(data) | (fclose(data) != 0);
    if (failed) {
        char why[256];
        snprintf(err, errlen, "writing %s/%s.dat failed (%s)", fs->dir, name,
                 snn_output_failure(fs->dir, errno, why, sizeof why));
        discard(fs, name, "dat");
        return -1;
    }
    return publish(fs, name, "dat", err, errlen);
}

void snn_gnuplot_quote(char *out, size_t len, const char *text) {
    size_t o = 0;
    for (; *text && o + 2 < len; text++) {
        if (*text == '\'') out[o++] = '\'';
        if (*text == '\n') continue;
        out[o++] = *text;
    }
    out[o] = '\0';
}

static const char *terminal(const char *format) {
    if (strcmp(format, "svg") == 0) return "svg dynamic";
    if (strcmp(format, "pdf") == 0) return "pdfcairo";
    return "pngcairo";
}

int snn_gnuplot_render(const snn_gnuplot_figures *fs, const char *name, FILE *data,
                       const char *body, char *err, size_t errlen) {
    if (close_data(fs, name, data, err, errlen) != 0) return -1;
    char path[PATH_MAX + 300], script[65536];
    const int pdf = strcmp(fs->format, "pdf") == 0;
    char size[64];
    if (pdf)
        snprintf(size, sizeof size, "%gin,%gin", fs->width / 100.0, fs->height / 100.0);
    else
        snprintf(size, sizeof size, "%d,%d", fs->width, fs->height);
    /* the kept script names the figure itself; gnuplot is fed the same script writing to
     * the .part, which is published only when gnuplot succeeded and wrote something */
    const char *head =
        "# %s.gp: written by snnbench plot; edit and rerun with `gnuplot %s.gp` in this folder\n"
        "set terminal %s size %s noenhanced font ',10'\n"
        "set output '%s.%s%s'\n%s\nunset output\n";
    const int len = snprintf(script, sizeof script, head, name, name, terminal(fs->format), size,
                             name, fs->format, "", body);
    if (len < 0 || (size_t)len >= sizeof script) {
        snprintf(err, errlen, "%s: the gnuplot script is too long", name);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s.gp.part", fs->dir, name);
    FILE *f = fopen(path, "w");
    const int wrote = f && fputs(script, f) >= 0;
    const int closed = f && fclose(f) == 0;
    if (!wrote || !closed) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(path);
        return -1;
    }
    if (publish(fs, name, "gp", err, errlen) != 0) return -1;
    snprintf(script, sizeof script, head, name, name, terminal(fs->format), size, name, fs->format,
             ".part", body);
    int pipe_fd[2], err_fd[2];
    if (pipe(pipe_fd) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe(err_fd) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        close(pipe_fd[0]), close(pipe_fd[1]);
        return -1;
    }
    const pid_t child = fork();
    if (child < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        close(pipe_fd[0]), close(pipe_fd[1]), close(err_fd[0]), close(err_fd[1]);
        return -1;
    }
    if (child == 0) {
        dup2(pipe_fd[0], STDIN_FILENO);
        dup2(err_fd[1], STDERR_FILENO);
        close(pipe_fd[1]);
        close(err_fd[0]);
        if (chdir(fs->dir) != 0) _exit(126);
        execlp("gnuplot", "gnuplot", (char *)NULL);
        _exit(127);
    }
    close(pipe_fd[0]);
    close(err_fd[1]);
    /* a gnuplot that died early must not kill us with SIGPIPE */
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    FILE *to = fdopen(pipe_fd[1], "w");
    if (to) {
        fputs(script, to);
        fclose(to);
    } else {
        close(pipe_fd[1]);
    }
    signal(SIGPIPE, old_pipe);
    char message[2048] = "";
    size_t got = 0;
    ssize_t r;
    while (got < sizeof message - 1 &&
           (r = read(err_fd[0], message + got, sizeof message - 1 - got)) > 0)
        got += (size_t)r;
    message[got] = '\0';
    close(err_fd[0]);
    int status = 0;
    pid_t waited;
    do
        waited = waitpid(child, &status, 0);
    while (waited < 0 && errno == EINTR);
    snprintf(path, sizeof path, "%s/%s.%s.part", fs->dir, name, fs->format);
    struct stat st;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(path, &st) != 0 || st.st_size == 0) {
        snprintf(err, errlen, "gnuplot failed on %s/%s.gp%s%s", fs->dir, name,
                 WIFEXITED(status) && WEXITSTATUS(status) == 127 ? " (gnuplot not installed?)" : "",
                 message[0] ? ": " : "");
        strncat(err, message, errlen - strlen(err) - 1);
        unlink(path);
        return -1;
    }
    return publish(fs, name, fs->format, err, errlen);
}
