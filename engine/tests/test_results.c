/* The HDF5 result file, end to end: `snnbench sim` runs as a real process and the file is
 * read back with the HDF5 C API.
 *   - spike counts equal the engine's own counter (the log's spikes_total), timestamps are
 *     sorted and inside the phases, node ids inside their population;
 *   - histogram counts sum to the number of E->E synapses at every snapshot;
 *   - the weight sample, the spikes and the final histogram are the same for 1 and 2 threads;
 *   - provenance fields are present and non-empty;
 *   - an interrupted run leaves no .h5 (and, on SIGTERM, no .part); an existing result is
 *     not overwritten;
 *   - `h5dump -H` shows the documented layout. */
#include <hdf5.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "snn/stdp_row.h"
#include "testing.h"

static const char *snnbench;
static char dir[256];

static const char *small_args =
    "--scale 0.1 --set network.CE=900 --set network.CI=225 --set network.JE=0.44272 "
    "--simtime 200 --record all --quiet";

static int run_sim(const char *out, int threads, char *log_out, size_t log_len) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s sim %s --threads %d -o %s/%s > %s/stdout.txt 2> %s/stderr.txt",
             snnbench, small_args, threads, dir, out, dir, dir);
    int status = system(cmd);
    if (log_out) {
        char path[512];
        snprintf(path, sizeof path, "%s/stdout.txt", dir);
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(log_out, 1, log_len - 1, f) : 0;
        log_out[n] = '\0';
        if (f) fclose(f);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static double log_figure(const char *log, const char *key) {
    char pattern[128];
    snprintf(pattern, sizeof pattern, "# %s\n", key);
    const char *at = strstr(log, pattern);
    if (!at) return NAN;
    const char *line = at;
    while (line > log && line[-1] != '\n')
        line--;
    return strtod(line + 2, NULL); /* skip the rank "0 " */
}

static hid_t open_result(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
}

/* Reads a whole 1-D or 2-D dataset; returns the element count. */
static size_t read_all(hid_t file, const char *name, hid_t type, size_t size, void **data) {
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    if (d < 0) {
        *data = NULL;
        return 0;
    }
    hid_t space = H5Dget_space(d);
    const size_t n = (size_t)H5Sget_simple_extent_npoints(space);
    *data = malloc((n + 1) * size);
    if (n) H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, *data);
    H5Sclose(space);
    H5Dclose(d);
    return n;
}

static double attr_double(hid_t loc, const char *obj, const char *name) {
    double v = NAN;
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        H5Aread(a, H5T_NATIVE_DOUBLE, &v);
        H5Aclose(a);
    }
    return v;
}

static size_t attr_string_length(hid_t loc, const char *obj, const char *name, char *buf,
                                 size_t len) {
    buf[0] = '\0';
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) return 0;
    hid_t type = H5Aget_type(a);
    if (H5Tget_class(type) == H5T_STRING && H5Tget_size(type) < len) H5Aread(a, type, buf);
    H5Tclose(type);
    H5Aclose(a);
    return strlen(buf);
}

static void check_spikes(hid_t f, const char *pop, double n_recorded, double sim_end,
                         size_t *count) {
    char name[64];
    double *t;
    uint64_t *id;
    snprintf(name, sizeof name, "/spikes/%s/timestamps", pop);
    const size_t n = read_all(f, name, H5T_NATIVE_DOUBLE, sizeof(double), (void **)&t);
    snprintf(name, sizeof name, "/spikes/%s/node_ids", pop);
    const size_t m = read_all(f, name, H5T_NATIVE_UINT64, sizeof(uint64_t), (void **)&id);
    CHECK(n == m && n > 0, "%s: %zu timestamps, %zu node ids", pop, n, m);
    size_t unsorted = 0, outside = 0, bad_id = 0;
    for (size_t i = 0; i < n; i++) {
        unsorted += i > 0 && t[i] < t[i - 1];
        outside += !(t[i] > 0 && t[i] <= sim_end + 1e-9);
        bad_id += id[i] >= (uint64_t)n_recorded;
    }
    CHECK(unsorted == 0 && outside == 0 && bad_id == 0,
          "%s: %zu unsorted, %zu outside (0, %g] ms, %zu ids >= %g", pop, unsorted, outside,
          sim_end, bad_id, n_recorded);
    char sorting[32];
    snprintf(name, sizeof name, "/spikes/%s", pop);
    attr_string_length(f, name, "sorting", sorting, sizeof sorting);
    CHECK(strcmp(sorting, "by_time") == 0, "%s sorting attribute '%s'", pop, sorting);
    *count = n;
    free(t);
    free(id);
}

static void test_contents(void) {
    char log[8192];
    CHECK(run_sim("one.h5", 1, log, sizeof log) == 0, "snnbench sim failed");
    hid_t f = open_result("one.h5");
    CHECK(f >= 0, "one.h5 not readable");
    if (f < 0) return;
    const double sim_end = attr_double(f, "/spikes", "sim_end_ms");
    CHECK_NEAR(sim_end, 250.0, 1e-9, "sim_end_ms");
    CHECK_NEAR(attr_double(f, "/spikes", "presim_end_ms"), 50.0, 1e-9, "presim_end_ms");
    size_t nE, nI;
    check_spikes(f, "E", attr_double(f, "/config/derived", "N_E"), sim_end, &nE);
    check_spikes(f, "I", attr_double(f, "/config/derived", "N_I"), sim_end, &nI);
    CHECK((double)(nE + nI) == log_figure(log, "spikes_total"),
          "file has %zu spikes, engine counted %g", nE + nI, log_figure(log, "spikes_total"));

    uint64_t *hist, *count;
    double *times;
    const double plastic = attr_double(f, "/config/derived", "synapses_plastic");
    const size_t S = read_all(f, "/weights/count", H5T_NATIVE_UINT64, 8, (void **)&count);
    read_all(f, "/weights/snapshot_times", H5T_NATIVE_DOUBLE, 8, (void **)&times);
    const size_t cells = read_all(f, "/weights/histogram", H5T_NATIVE_UINT64, 8, (void **)&hist);
    uint64_t *above;
    read_all(f, "/weights/above_range", H5T_NATIVE_UINT64, 8, (void **)&above);
    CHECK(S == 5, "snapshots at 0, 50, 100, 200, 250 ms: got %zu", S);
    for (size_t i = 0; i < S && cells == S * 2000; i++) {
        uint64_t sum = above[i];
        for (size_t b = 0; b < 2000; b++)
            sum += hist[i * 2000 + b];
        CHECK((double)sum == plastic && (double)count[i] == plastic,
              "snapshot %zu (%g ms): histogram sums to %llu, count %llu, synapses %g", i, times[i],
              (unsigned long long)sum, (unsigned long long)count[i], plastic);
    }
    const double expect_times[] = {0, 50, 100, 200, 250};
    for (size_t i = 0; i < S && i < 5; i++)
        CHECK_NEAR(times[i], expect_times[i], 1e-9, "snapshot time");
    double *mean;
    read_all(f, "/weights/mean", H5T_NATIVE_DOUBLE, 8, (void **)&mean);
    CHECK_NEAR(mean[S - 1], log_figure(log, "weight_mean"), 1e-6 * mean[S - 1], "weight_mean");
    CHECK_NEAR(mean[0], attr_double(f, "/config/derived", "J_E_pA"), 1e-5, "initial mean = J_E");

    const char *fields[] = {"snnbench_version",
                            "git_commit",
                            "compiler",
                            "compiler_flags",
                            "build_type",
                            "hostname",
                            "cpu_model",
                            "start_time",
                            "end_time",
                            "command_line",
                            "hdf5_version",
                            "kernel",
                            "transparent_hugepages",
                            "libraries"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char value[512];
        CHECK(attr_string_length(f, "/provenance", fields[i], value, sizeof value) > 0,
              "provenance %s empty", fields[i]);
    }
    char libraries[512];
    attr_string_length(f, "/provenance", "libraries", libraries, sizeof libraries);
    CHECK(strncmp(libraries, "HDF5 1.", 7) == 0 && strstr(libraries, ", GSL 2.") &&
              strstr(libraries, ", OpenMP 20"),
          "libraries '%s'", libraries);
    /* the row loop this CPU picks for the run's 900 E neurons on one VP: the loops give the
     * same bits, so only the provenance tells which one a run's speed is of */
    char row_loop[64];
    attr_string_length(f, "/provenance", "rank_ee_row_loop", row_loop, sizeof row_loop);
    CHECK(strcmp(row_loop, snn_stdp_loops_pick(900).name) == 0,
          "rank_ee_row_loop '%s', this CPU picks '%s'", row_loop, snn_stdp_loops_pick(900).name);
    CHECK(attr_double(f, "/provenance", "threads") == 1, "threads");
    CHECK(attr_double(f, "/config", "simulation.scale") == 0.1, "config scale");
    CHECK(attr_double(f, "/timers", "time_simulate") > 0, "time_simulate");
    CHECK(attr_double(f, "/timers", "num_connections") ==
              attr_double(f, "/config/derived", "synapses"),
          "num_connections");
    free(hist), free(count), free(times), free(above), free(mean);
    H5Fclose(f);
}

static void test_thread_independence(void) {
    CHECK(run_sim("two.h5", 2, NULL, 0) == 0, "snnbench sim --threads 2 failed");
    hid_t a = open_result("one.h5"), b = open_result("two.h5");
    if (a < 0 || b < 0) {
        CHECK(0, "results not readable");
        return;
    }
    const char *same[] = {"/weights/sample",    "/weights/histogram", "/spikes/E/timestamps",
                          "/spikes/E/node_ids", "/spikes/I/node_ids", "/weights/mean"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        void *x, *y;
        hid_t d = H5Dopen2(a, same[i], H5P_DEFAULT);
        hid_t type = H5Dget_type(d);
        const size_t size = H5Tget_size(type);
        H5Dclose(d);
        const size_t n = read_all(a, same[i], type, size, &x);
        const size_t m = read_all(b, same[i], type, size, &y);
        CHECK(n == m && n > 0 && memcmp(x, y, n * size) == 0, "%s differs between 1 and 2 threads",
              same[i]);
        H5Tclose(type);
        free(x), free(y);
    }
    float *sample;
    const size_t n = read_all(a, "/weights/sample", H5T_NATIVE_FLOAT, 4, (void **)&sample);
    size_t distinct = 0;
    for (size_t i = 1; i < n; i++)
        distinct += sample[i] != sample[0];
    CHECK(n == 20000 && distinct > n / 2, "sample of %zu weights, %zu differ from the first", n,
          distinct);
    free(sample);
    H5Fclose(a), H5Fclose(b);
}

static int exists(const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static void test_interrupted(int sig) {
    char out[512];
    snprintf(out, sizeof out, "%s/killed%d.h5", dir, sig);
    pid_t child = fork();
    if (child == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(126);
        execl(snnbench, snnbench, "sim", "--scale", "0.3", "--threads", "1", "--simtime", "20000",
              "--quiet", "--no-log", "-o", out, (char *)NULL);
        _exit(127);
    }
    char part[520];
    snprintf(part, sizeof part, "killed%d.h5.part", sig);
    for (int i = 0; i < 200 && !exists(part); i++)
        usleep(10000); /* reserved at start */
    usleep(1500000);   /* past the build (about 0.5 s), inside the simulation */
    kill(child, sig);
    int status;
    waitpid(child, &status, 0);
    snprintf(out, sizeof out, "killed%d.h5", sig);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig, "child not ended by signal %d", sig);
    CHECK(!exists(out), "signal %d left %s behind", sig, out);
    if (sig != SIGKILL) CHECK(!exists(part), "signal %d left %s behind", sig, part);
}

static void test_no_overwrite(void) {
    char path[512];
    snprintf(path, sizeof path, "%s/one.h5", dir);
    struct stat before, after;
    stat(path, &before);
    CHECK(run_sim("one.h5", 1, NULL, 0) == 2, "an existing result was not refused");
    stat(path, &after);
    CHECK(before.st_mtime == after.st_mtime && before.st_size == after.st_size,
          "existing result changed");
    char err[1024] = "";
    snprintf(path, sizeof path, "%s/stderr.txt", dir);
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(err, 1, sizeof err - 1, f);
        err[n] = '\0';
        fclose(f);
    }
    CHECK(strstr(err, "exists") && strstr(err, "--overwrite"), "message: %s", err);
}

static void test_layout(void) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "h5dump -H %s/one.h5", dir);
    static char text[1 << 20];
    CHECK(test_run_command(cmd, text, sizeof text) == 0, "h5dump -H failed");
    const char *expect[] = {"GROUP \"spikes\"",
                            "GROUP \"E\"",
                            "GROUP \"I\"",
                            "DATASET \"timestamps\"",
                            "DATASET \"node_ids\"",
                            "ATTRIBUTE \"sorting\"",
                            "GROUP \"weights\"",
                            "DATASET \"histogram\"",
                            "DATASET \"bin_edges\"",
                            "DATASET \"snapshot_times\"",
                            "DATASET \"sample\"",
                            "DATASET \"clipped_at_zero\"",
                            "GROUP \"timers\"",
                            "ATTRIBUTE \"time_construction_connect\"",
                            "ATTRIBUTE \"time_deliver_spike_data\"",
                            "ATTRIBUTE \"VmRSS_after_sim\"",
                            "GROUP \"config\"",
                            "ATTRIBUTE \"stdp.lambda\"",
                            "GROUP \"provenance\"",
                            "ATTRIBUTE \"git_commit\""};
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
        CHECK(strstr(text, expect[i]) != NULL, "h5dump -H lacks %s", expect[i]);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_results PATH_TO_SNNBENCH\n");
        return 2;
    }
    snnbench = argv[1];
    snprintf(dir, sizeof dir, "/tmp/snnbench-results-XXXXXX");
    if (!mkdtemp(dir)) return 2;
    test_contents();
    test_thread_independence();
    test_no_overwrite();
    test_layout();
    test_interrupted(SIGTERM);
    test_interrupted(SIGINT);
    test_interrupted(SIGKILL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (tests_failed == 0 && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return test_summary();
}
