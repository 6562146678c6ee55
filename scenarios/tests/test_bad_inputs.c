/* Bad and hostile inputs, table-driven (bad_inputs.tsv beside this file): every case is a
 * snnbench command line with its expected exit status and a fragment of the expected message
 * on stderr. Each case runs in a fresh empty folder; afterwards that folder must still be
 * empty and the fixtures untouched (names, sizes, modification times): a refused input
 * writes nothing, anywhere.
 *
 * Table lines:  file NAME <TAB> CONTENT      a fixture (\n, \t, \0 and \\ escapes)
 *               EXIT <TAB> FRAGMENT <TAB> ARGS
 * ARGS are words split at spaces; '...' quotes a word (so '' is the empty string). $F is the
 * fixture folder, $LONG a path longer than PATH_MAX, $LONGNAME a path with a 300-character
 * component. The fixtures ok.h5, other.h5 (another scale), norec.h5 (--record none) are made
 * with snnbench sim; corrupt copies of ok.h5 are made with the HDF5 API. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testing.h"

static const char *snnbench;
static char fixtures[64], work[64];
static char long_path[PATH_MAX + 200], long_name[400];

/* --- fixtures --- */

static void copy_file(const char *from, const char *to, long max_bytes) {
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    long left = max_bytes < 0 ? LONG_MAX : max_bytes;
    while (in && out && left > 0 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        const size_t take = (long)n < left ? n : (size_t)left;
        fwrite(buf, 1, take, out);
        left -= (long)take;
    }
    if (in) fclose(in);
    if (out) fclose(out);
}

/* Copies ok.h5 to name and changes one thing in the copy. */
typedef void (*corruption)(hid_t file);

static void corrupt(const char *name, corruption change) {
    char from[128], to[128];
    snprintf(from, sizeof from, "%s/ok.h5", fixtures);
    snprintf(to, sizeof to, "%s/%s", fixtures, name);
    copy_file(from, to, -1);
    hid_t f = H5Fopen(to, H5F_ACC_RDWR, H5P_DEFAULT);
    CHECK(f >= 0, "fixture %s: cannot open the copy", name);
    if (f < 0) return;
    change(f);
    H5Fclose(f);
}

static void rewrite_first(hid_t f, const char *dataset, hid_t type, const void *value,
                          size_t count) {
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    hid_t space = H5Dget_space(d);
    const hsize_t start[1] = {0}, n[1] = {count};
    H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, n, NULL);
    hid_t mem = H5Screate_simple(1, n, NULL);
    CHECK(H5Dwrite(d, type, mem, space, H5P_DEFAULT, value) >= 0, "fixture: rewrite %s", dataset);
    H5Sclose(mem), H5Sclose(space), H5Dclose(d);
}

static void unsorted(hid_t f) {
    const double t[2] = {30.0, 1.0}; /* later first */
    rewrite_first(f, "/spikes/E/timestamps", H5T_NATIVE_DOUBLE, t, 2);
}
static void bad_id(hid_t f) {
    const uint64_t id = 1000000000;
    rewrite_first(f, "/spikes/E/node_ids", H5T_NATIVE_UINT64, &id, 1);
}
static void nan_time(hid_t f) {
    const double t = NAN;
    rewrite_first(f, "/spikes/E/timestamps", H5T_NATIVE_DOUBLE, &t, 1);
}
static void nan_sample(hid_t f) {
    float nan[20000];
    for (size_t i = 0; i < 20000; i++)
        nan[i] = NAN;
    rewrite_first(f, "/weights/sample", H5T_NATIVE_FLOAT, nan, 20000);
}
static void set_version(hid_t f, double v) {
    hid_t a = H5Aopen(f, "format_version", H5P_DEFAULT);
    const int64_t value = (int64_t)v;
    H5Awrite(a, H5T_NATIVE_INT64, &value);
    H5Aclose(a);
}
static void version2(hid_t f) {
    set_version(f, 2);
}
static void no_version(hid_t f) {
    H5Adelete(f, "format_version");
}
static void sorting_none(hid_t f) {
    H5Adelete_by_name(f, "/spikes/E", "sorting", H5P_DEFAULT);
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 5);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t g = H5Gopen2(f, "/spikes/E", H5P_DEFAULT);
    hid_t a = H5Acreate2(g, "sorting", type, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, type, "none");
    H5Aclose(a), H5Gclose(g), H5Sclose(space), H5Tclose(type);
}

static void make_result(const char *name, const char *extra) {
    char cmd[512], out[4096];
    snprintf(cmd, sizeof cmd,
             "%s sim --scale 0.02 --presimtime 10 --simtime 40 --quiet --no-log %s -o %s/%s "
             ">/dev/null 2>&1",
             snnbench, extra, fixtures, name);
    CHECK(test_run_command(cmd, out, sizeof out) == 0, "fixture %s: %s", name, cmd);
}

static void make_hdf5_fixtures(void) {
    make_result("ok.h5", "");
    make_result("other.h5", "--set simulation.scale=0.03");
    make_result("norec.h5", "--record none");
    corrupt("unsorted.h5", unsorted);
    corrupt("badid.h5", bad_id);
    corrupt("nantime.h5", nan_time);
    corrupt("nansample.h5", nan_sample);
    corrupt("version2.h5", version2);
    corrupt("noversion.h5", no_version);
    corrupt("sortnone.h5", sorting_none);
    char from[128], to[128];
    snprintf(from, sizeof from, "%s/ok.h5", fixtures);
    snprintf(to, sizeof to, "%s/truncated.h5", fixtures);
    struct stat st;
    stat(from, &st);
    copy_file(from, to, st.st_size / 2);
    snprintf(to, sizeof to, "%s/foreign.h5", fixtures);
    hid_t f = H5Fcreate(to, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hsize_t dims[1] = {3};
    const double data[3] = {1, 2, 3};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t d = H5Dcreate2(f, "x", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    H5Dclose(d), H5Sclose(space), H5Fclose(f);
    snprintf(to, sizeof to, "%s/emptydir", fixtures);
    mkdir(to, 0777);
}

/* A text fixture from the table: escapes \n \t \0 \\. */
static void make_text_fixture(const char *name, const char *content) {
    char path[256];
    snprintf(path, sizeof path, "%s/%.180s", fixtures, name);
    FILE *f = fopen(path, "wb");
    for (const char *p = content; f && *p; p++) {
        char c = *p;
        if (c == '\\' && p[1]) {
            p++;
            c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == '0' ? '\0' : *p;
        }
        fputc(c, f);
    }
    if (f) fclose(f);
}

/* --- what a folder holds: names, sizes, modification times --- */

static void snapshot(const char *dir, char *out, size_t len) {
    out[0] = '\0';
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[PATH_MAX], item[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        lstat(path, &st);
        snprintf(item, sizeof item, "%s:%lld:%lld.%09ld;", e->d_name, (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
        strncat(out, item, len - strlen(out) - 1);
        if (S_ISDIR(st.st_mode)) {
            char inner[8192];
            snapshot(path, inner, sizeof inner);
            strncat(out, inner, len - strlen(out) - 1);
        }
    }
    if (d) closedir(d);
}

/* --- one case --- */

static size_t split_words(char *line, char **words, size_t max) {
    size_t n = 0;
    for (char *p = line; *p && n + 1 < max;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        if (*p == '\'') {
            char *end = strchr(p + 1, '\'');
            if (!end) break;
            *end = '\0';
            words[n++] = p + 1;
            p = end + 1;
        } else {
            words[n++] = p;
            p += strcspn(p, " ");
            if (*p) *p++ = '\0';
        }
    }
    words[n] = NULL;
    return n;
}

/* Replaces $F, $LONG and $LONGNAME inside one word. */
static char *expand(const char *word) {
    static char buffers[64][PATH_MAX + 400];
    static size_t next;
    char *out = buffers[next++ % 64];
    out[0] = '\0';
    for (const char *p = word; *p;) {
        const char *sub = NULL;
        size_t skip = 1;
        if (!strncmp(p, "$LONGNAME", 9))
            sub = long_name, skip = 9;
        else if (!strncmp(p, "$LONG", 5))
            sub = long_path, skip = 5;
        else if (!strncmp(p, "$F", 2))
            sub = fixtures, skip = 2;
        if (sub)
            strncat(out, sub, PATH_MAX + 399 - strlen(out));
        else
            strncat(out, p, 1);
        p += skip;
    }
    return out;
}

static int run_case(char **args, char *err, size_t len) {
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0) return -1;
    const pid_t child = fork();
    if (child == 0) {
        dup2(pipe_fd[1], STDERR_FILENO);
        close(pipe_fd[0]);
        const int null = open("/dev/null", O_RDWR);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDIN_FILENO);
        if (chdir(work) != 0) _exit(126);
        execv(snnbench, args);
        _exit(127);
    }
    close(pipe_fd[1]);
    size_t got = 0;
    ssize_t r;
    while (got < len - 1 && (r = read(pipe_fd[0], err + got, len - 1 - got)) > 0)
        got += (size_t)r;
    err[got] = '\0';
    char drain[4096];
    ssize_t drained;
    do
        drained = read(pipe_fd[0], drain, sizeof drain);
    while (drained > 0);
    close(pipe_fd[0]);
    int status;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: test_bad_inputs SNNBENCH TABLE\n");
        return 2;
    }
    static char self[PATH_MAX];
    if (!realpath(argv[1], self)) return 2; /* the cases run in another folder */
    snnbench = self;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    snprintf(fixtures, sizeof fixtures, "/tmp/snnbench-bad-fixtures-XXXXXX");
    snprintf(work, sizeof work, "/tmp/snnbench-bad-work-XXXXXX");
    if (!mkdtemp(fixtures) || !mkdtemp(work)) return 2;
    /* longer than PATH_MAX, and a component longer than NAME_MAX */
    snprintf(long_path, sizeof long_path, "%s", work);
    while (strlen(long_path) < PATH_MAX + 50)
        strcat(long_path, "/abcdefghij");
    strcat(long_path, "/r.h5");
    memset(long_name, 'n', 300);
    snprintf(long_name + 300, sizeof long_name - 300, "/r.h5");
    make_hdf5_fixtures();

    FILE *table = fopen(argv[2], "r");
    CHECK(table != NULL, "cannot read %s", argv[2]);
    if (!table) return test_summary();
    char line[16384];
    size_t cases = 0, line_no = 0;
    /* text fixtures first, so that every case sees all of them */
    while (fgets(line, sizeof line, table)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "file ", 5) == 0) {
            char *tab = strchr(line, '\t');
            if (tab) *tab = '\0', make_text_fixture(line + 5, tab + 1);
        }
    }
    rewind(table);
    char before[65536], after[65536];
    snapshot(fixtures, before, sizeof before);
    while (fgets(line, sizeof line, table)) {
        line_no++;
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#' || strncmp(line, "file ", 5) == 0) continue;
        char *fields[3], *p = line;
        for (int i = 0; i < 3; i++)
            fields[i] = strsep(&p, "\t");
        if (!fields[1] || !fields[2]) {
            CHECK(0, "table line %zu: expected EXIT<TAB>FRAGMENT<TAB>ARGS", line_no);
            continue;
        }
        char *words[64], *args[66], shown[512];
        snprintf(shown, sizeof shown, "%s", fields[2]);
        const size_t n = split_words(fields[2], words, 64);
        args[0] = (char *)snnbench;
        for (size_t i = 0; i < n; i++)
            args[i + 1] = expand(words[i]);
        args[n + 1] = NULL;
        static char err[65536];
        const int expected = atoi(fields[0]);
        const int got = run_case(args, err, sizeof err);
        cases++;
        CHECK(got == expected, "line %zu (%s): exit %d, expected %d; stderr: %.500s", line_no,
              shown, got, expected, err);
        CHECK(strstr(err, fields[1]) != NULL, "line %zu (%s): message lacks '%s': %.500s", line_no,
              shown, fields[1], err);
        char left[8192];
        snapshot(work, left, sizeof left);
        CHECK(left[0] == '\0', "line %zu (%s): wrote %s", line_no, shown, left);
        if (left[0]) {
            char cmd[256];
            snprintf(cmd, sizeof cmd, "rm -rf %s/* %s/.[!.]*", work, work);
            if (system(cmd) != 0) return 2;
        }
        snapshot(fixtures, after, sizeof after);
        CHECK(strcmp(before, after) == 0, "line %zu (%s): changed the fixtures", line_no, shown);
        if (strcmp(before, after)) snprintf(before, sizeof before, "%s", after);
    }
    fclose(table);
    printf("%zu bad-input cases\n", cases);
    CHECK(cases >= 120, "the table holds %zu cases; at least 120 are required", cases);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", fixtures, work);
    if (tests_failed == 0 && system(cmd) != 0) return 2;
    return test_summary();
}
