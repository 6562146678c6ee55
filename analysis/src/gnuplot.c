#include "snn/gnuplot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

FILE *snn_figure_data(const snn_figure_set *fs, const char *name) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.dat", fs->dir, name);
    return fopen(path, "w");
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

int snn_figure_render(const snn_figure_set *fs, const char *name, const char *body, char *err,
                      size_t errlen) {
    char path[4200], script[65536];
    const int pdf = strcmp(fs->format, "pdf") == 0;
    char size[64];
    if (pdf)
        snprintf(size, sizeof size, "%gin,%gin", fs->width / 100.0, fs->height / 100.0);
    else
        snprintf(size, sizeof size, "%d,%d", fs->width, fs->height);
    snprintf(
        script, sizeof script,
        "# %s.gp: written by snnbench plot; edit and rerun with `gnuplot %s.gp` in this folder\n"
        "set terminal %s size %s noenhanced font ',10'\n"
        "set output '%s.%s'\n%s\nunset output\n",
        name, name, terminal(fs->format), size, name, fs->format, body);
    snprintf(path, sizeof path, "%s/%s.gp", fs->dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(script, f) < 0 || fclose(f) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    int pipe_fd[2], err_fd[2];
    if (pipe(pipe_fd) != 0 || pipe(err_fd) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    const pid_t child = fork();
    if (child < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
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
    FILE *to = fdopen(pipe_fd[1], "w");
    fputs(script, to);
    fclose(to);
    char message[2048] = "";
    size_t got = 0;
    ssize_t r;
    while ((r = read(err_fd[0], message + got, sizeof message - 1 - got)) > 0)
        got += (size_t)r;
    message[got] = '\0';
    close(err_fd[0]);
    int status;
    waitpid(child, &status, 0);
    snprintf(path, sizeof path, "%s/%s.%s", fs->dir, name, fs->format);
    struct stat st;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(path, &st) != 0 || st.st_size == 0) {
        snprintf(err, errlen, "gnuplot failed on %s/%s.gp%s%s", fs->dir, name,
                 WIFEXITED(status) && WEXITSTATUS(status) == 127 ? " (gnuplot not installed?)" : "",
                 message[0] ? ": " : "");
        strncat(err, message, errlen - strlen(err) - 1);
        return -1;
    }
    return 0;
}
