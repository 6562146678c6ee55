/* The analysis tools on synthetic result files with known answers, through the real
 * snnbench process:
 *   analyze  regular trains: CV 0, rate exact, synchrony 0; Poisson trains: CV and synchrony
 *            near 1; one shared train: synchrony near the number of neurons, not AI;
 *            the /analysis group written back;
 *   compare  identical inputs pass; a copy with a 30 % longer time_simulate fails; the
 *            recorded conditions (CPU, row loop, compiler) that differ are listed, per side as
 *            sets, without changing the verdict;
 *   plot     every figure exists and is a PNG of the requested size, for a run and a study;
 *   errors   truncated, foreign and non-HDF5 files give a clear message and no crash. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <hdf5.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testing.h"

/* sha256sum of a file, to show that a reader left it as it was */
static void file_digest(const char *path, char *hex) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    char out[256];
    hex[0] = '\0';
    if (test_run_command(cmd, out, sizeof out) == 0) snprintf(hex, 65, "%.64s", out);
}

static const char *snnbench;
static char dir[256];

#define N_NEURONS 100
#define SIM_MS    10000.0

static void attr_d(hid_t loc, const char *name, double v) {
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, H5T_NATIVE_DOUBLE, s, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a), H5Sclose(s);
}

static void attr_s(hid_t loc, const char *name, const char *v) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(v) + 1);
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, v);
    H5Aclose(a), H5Sclose(s), H5Tclose(t);
}

static void vec(hid_t loc, const char *name, hid_t type, size_t n, const void *data,
                int rank2_cols) {
    hsize_t dims[2] = {rank2_cols ? n / (size_t)rank2_cols : n, (hsize_t)rank2_cols};
    hid_t s = H5Screate_simple(rank2_cols ? 2 : 1, dims, NULL);
    hid_t d = H5Dcreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (n) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    H5Dclose(d), H5Sclose(s);
}

typedef struct {
    double t;
    uint64_t id;
} spike;

static int by_time(const void *a, const void *b) {
    const spike *x = a, *y = b;
    return (x->t > y->t) - (x->t < y->t);
}

/* The machine a fixture says it ran on (/provenance), and the simulator of an imported run;
 * all NULL: no /provenance, as in older files. */
typedef struct {
    const char *cpu_model, *row_loop;
    const char *simulator, *not_recovered; /* NULL: snnbench's own run */
} machine;
static const machine machine_a = {"Test CPU A", "avx512", NULL, NULL},
                     machine_b = {"Test CPU B", "avx2", NULL, NULL},
                     not_recorded = {NULL, NULL, NULL, NULL},
                     crafted = {"CPU\n\033[2Jline two\r\x7f", "avx2", NULL, NULL},
                     crafted_import = {NULL, NULL, "NEST\0333.9", "weights\nand\033[2J more"};

/* A minimal but complete result file: spikes of N_NEURONS E neurons over (0, SIM_MS] with no
 * presimulation, one weight snapshot, a normal weight sample, config, derived, timers. */
static void write_fixture(const char *name, spike *s, size_t n, double threads,
                          double time_simulate, machine m) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    qsort(s, n, sizeof *s, by_time);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    attr_s(f, "format", "snnbench-result");
    attr_d(f, "format_version", 1);
    hid_t sp = H5Gcreate2(f, "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    attr_d(sp, "presim_end_ms", 0.0);
    attr_d(sp, "sim_end_ms", SIM_MS);
    double *t = malloc((n + 1) * sizeof *t);
    uint64_t *id = malloc((n + 1) * sizeof *id);
    for (size_t i = 0; i < n; i++)
        t[i] = s[i].t, id[i] = s[i].id;
    const char *pops[] = {"E", "I"};
    for (int p = 0; p < 2; p++) {
        hid_t g = H5Gcreate2(sp, pops[p], H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        attr_s(g, "sorting", "by_time");
        attr_d(g, "recorded_neurons", p == 0 ? N_NEURONS : 0);
        vec(g, "timestamps", H5T_NATIVE_DOUBLE, p == 0 ? n : 0, t, 0);
        vec(g, "node_ids", H5T_NATIVE_UINT64, p == 0 ? n : 0, id, 0);
        H5Gclose(g);
    }
    H5Gclose(sp);
    free(t), free(id);
    hid_t w = H5Gcreate2(f, "weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    double edges[11], one_d[1] = {SIM_MS}, mean[1] = {45.0}, sd[1] = {0.5}, mn[1] = {43},
                      mx[1] = {47};
    uint64_t hist[10] = {0, 0, 0, 10, 40, 40, 10, 0, 0, 0}, count[1] = {100}, zero[1] = {0};
    for (int i = 0; i <= 10; i++)
        edges[i] = 40.0 + i;
    vec(w, "bin_edges", H5T_NATIVE_DOUBLE, 11, edges, 0);
    vec(w, "snapshot_times", H5T_NATIVE_DOUBLE, 1, one_d, 0);
    vec(w, "histogram", H5T_NATIVE_UINT64, 10, hist, 10);
    vec(w, "mean", H5T_NATIVE_DOUBLE, 1, mean, 0);
    vec(w, "std", H5T_NATIVE_DOUBLE, 1, sd, 0);
    vec(w, "min", H5T_NATIVE_DOUBLE, 1, mn, 0);
    vec(w, "max", H5T_NATIVE_DOUBLE, 1, mx, 0);
    vec(w, "count", H5T_NATIVE_UINT64, 1, count, 0);
    vec(w, "clipped_at_zero", H5T_NATIVE_UINT64, 1, zero, 0);
    vec(w, "above_range", H5T_NATIVE_UINT64, 1, zero, 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    float sample[2000];
    for (int i = 0; i < 2000; i++)
        sample[i] = (float)(45.0 + gsl_ran_gaussian(rng, 0.5));
    gsl_rng_free(rng);
    vec(w, "sample", H5T_NATIVE_FLOAT, 2000, sample, 0);
    H5Gclose(w);
    hid_t c = H5Gcreate2(f, "config", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    attr_d(c, "simulation.scale", 1.0);
    attr_d(c, "simulation.threads", threads);
    attr_d(c, "simulation.seed", 1.0);
    attr_d(c, "simulation.presimtime", 0.0);
    attr_d(c, "simulation.simtime", SIM_MS);
    attr_d(c, "stdp.lambda", 0.1);
    hid_t d = H5Gcreate2(c, "derived", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    attr_d(d, "N_E", N_NEURONS);
    H5Gclose(d), H5Gclose(c);
    hid_t tm = H5Gcreate2(f, "timers", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const char *keys[] = {"time_construction_create", "time_construction_connect",
                          "time_presimulate",         "time_update",
                          "time_gather_spike_data",   "time_deliver_spike_data"};
    for (int i = 0; i < 6; i++)
        attr_d(tm, keys[i], 0.5 + i);
    attr_d(tm, "time_simulate", time_simulate);
    attr_d(tm, "events_per_second", 1e8);
    attr_d(tm, "VmHWM", 1e6);
    attr_d(tm, "bytes_per_synapse", 6.7);
    H5Gclose(tm);
    if (m.cpu_model || m.simulator) {
        hid_t pv = H5Gcreate2(f, "provenance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (m.cpu_model) {
            attr_s(pv, "cpu_model", m.cpu_model);
            attr_s(pv, "rank_ee_row_loop", m.row_loop);
            attr_s(pv, "compiler", "gcc 12.2.0");
        }
        if (m.simulator) {
            attr_s(pv, "simulator", m.simulator);
            attr_s(pv, "not_recovered", m.not_recovered);
        }
        H5Gclose(pv);
    }
    H5Fclose(f);
}

static size_t regular(spike *s) { /* neuron i every 100 ms from i + 0.5 ms: one spike per ms bin */
    size_t n = 0;
    for (int i = 0; i < N_NEURONS; i++)
        for (double t = i + 0.5; t <= SIM_MS; t += 100.0)
            s[n++] = (spike){t, (uint64_t)i};
    return n;
}

static size_t poisson(spike *s, gsl_rng *rng, double rate_hz) {
    size_t n = 0;
    for (int i = 0; i < N_NEURONS; i++)
        for (double t = gsl_ran_exponential(rng, 1000.0 / rate_hz); t <= SIM_MS;
             t += gsl_ran_exponential(rng, 1000.0 / rate_hz))
            s[n++] = (spike){t, (uint64_t)i};
    return n;
}

static size_t synchronous(spike *s, gsl_rng *rng) { /* one Poisson train shared by all */
    size_t n = 0;
    for (double t = gsl_ran_exponential(rng, 100.0); t <= SIM_MS;
         t += gsl_ran_exponential(rng, 100.0))
        for (int i = 0; i < N_NEURONS; i++)
            s[n++] = (spike){t, (uint64_t)i};
    return n;
}

/* runs a command, returns its exit status (-1 if killed) and its output */
static int run(const char *args, char *out, size_t len) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1", snnbench, args);
    return test_run_command(cmd, out, len);
}

static double json_value(const char *json, const char *key) {
    char pattern[128];
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *at = strstr(json, pattern);
    if (!at) return NAN;
    at += strlen(pattern);
    if (strncmp(at, "true", 4) == 0) return 1;
    if (strncmp(at, "false", 5) == 0) return 0;
    return strtod(at, NULL);
}

static void test_analyze(void) {
    static char out[65536];
    char args[1024];
    snprintf(args, sizeof args, "analyze --json --no-write %s/regular.h5", dir);
    CHECK(run(args, out, sizeof out) == 0, "analyze regular: %s", out);
    CHECK_NEAR(json_value(out, "rate_mean"), 10.0, 1e-9, "regular: rate");
    CHECK_NEAR(json_value(out, "cv_isi_mean"), 0.0, 1e-9, "regular: CV");
    CHECK_NEAR(json_value(out, "synchrony"), 0.0, 1e-9, "regular: synchrony");
    CHECK_NEAR(json_value(out, "silent_fraction"), 0.0, 0, "regular: silent");

    snprintf(args, sizeof args, "analyze --json --no-write %s/poisson.h5", dir);
    CHECK(run(args, out, sizeof out) == 0, "analyze poisson: %s", out);
    CHECK_NEAR(json_value(out, "rate_mean"), 5.0, 0.3, "Poisson: rate (5 spikes/s)");
    CHECK_NEAR(json_value(out, "cv_isi_mean"), 1.0, 0.05, "Poisson: CV");
    CHECK_NEAR(json_value(out, "synchrony"), 1.0, 0.1, "Poisson: synchrony");
    CHECK(json_value(out, "ai_regime") == 1, "Poisson at 5 spikes/s is asynchronous irregular");
    CHECK(json_value(out, "unimodal") == 1, "normal weight sample is unimodal");

    snprintf(args, sizeof args, "analyze --json --no-write %s/synchronous.h5", dir);
    CHECK(run(args, out, sizeof out) == 0, "analyze synchronous: %s", out);
    CHECK(json_value(out, "synchrony") > 50, "synchronous: synchrony %g",
          json_value(out, "synchrony"));
    CHECK(json_value(out, "ai_regime") == 0, "synchronous is not AI");

    /* the analysis goes into its own file; the result file is not touched (same bytes) */
    char path[512];
    snprintf(path, sizeof path, "%s/poisson.h5", dir);
    char before[65];
    file_digest(path, before);
    snprintf(args, sizeof args, "analyze %s/poisson.h5", dir);
    CHECK(run(args, out, sizeof out) == 0, "analyze with write: %s", out);
    CHECK(strstr(out, "rate_mean") && strstr(out, "dip_p_value"), "table output: %s", out);
    snprintf(args, sizeof args, "plot %s/poisson.h5 -o %s/poisson-figures", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "plot poisson: %s", out);
    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/poisson.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "compare poisson with itself: %s", out);
    char after[65];
    file_digest(path, after);
    CHECK(strcmp(before, after) == 0, "analyze, plot or compare changed the result file (%s -> %s)",
          before, after);
    snprintf(path, sizeof path, "%s/poisson.analysis.h5", dir);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    double v = NAN;
    hid_t a = H5Aopen_by_name(f, "/analysis", "cv_isi_mean", H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) H5Aread(a, H5T_NATIVE_DOUBLE, &v), H5Aclose(a);
    H5Fclose(f);
    CHECK_NEAR(v, 1.0, 0.05, "poisson.analysis.h5 /analysis/cv_isi_mean");
    snprintf(path, sizeof path, "%s/poisson.analysis.h5.part", dir);
    CHECK(access(path, F_OK) != 0, "a .part was left behind");
    snprintf(args, sizeof args, "analyze --csv --no-write %s/study", dir);
    CHECK(run(args, out, sizeof out) == 0, "analyze a study: %s", out);
    CHECK(strstr(out, "file,scale,threads") && strstr(out, "t1.h5") && strstr(out, "t2.h5"),
          "study csv: %s", out);
}

static void test_compare(void) {
    static char out[16384];
    char args[1024];
    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/poisson.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "identical inputs flagged: %s", out);
    CHECK(strstr(out, "PASS") != NULL, "compare says PASS: %s", out);
    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/slower.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 1, "30 %% slower not flagged: %s", out);
    CHECK(strstr(out, "REGRESSION (slower)") != NULL, "compare names the slowdown: %s", out);
    snprintf(args, sizeof args, "compare --max-slowdown 1.5 %s/poisson.h5 %s/slower.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "a looser threshold passes: %s", out);
}

/* The conditions beside the verdict: which recorded ones differ, as sets of values per
 * side (a study's files in any order), and never a change of the exit status. */
static void test_compare_conditions(void) {
    static char out[16384];
    char args[1024];
    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/poisson.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "compare with itself: %s", out);
    CHECK(strstr(out, "\nconditions alike on both sides: cpu_model, cores, rank_cpus_allowed, "
                      "rank_ee_row_loop, compiler,"),
          "the same machine is not said to be alike: %s", out);

    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/other_cpu.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "another CPU alone is no regression: %s", out);
    const char *differ = strstr(out, "\nconditions that differ (the ratios measure them as well "
                                     "as the code):\n");
    CHECK(differ != NULL, "the differing conditions are not listed: %s", out);
    if (differ)
        CHECK(strcmp(strchr(differ + 1, '\n') + 1,
                     "  cpu_model: BASELINE 'Test CPU A'; NEW 'Test CPU B'\n"
                     "  rank_ee_row_loop: BASELINE 'avx512'; NEW 'avx2'\n") == 0,
              "want exactly the CPU and the row loop (the compiler is the same): %s", differ);

    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/slower-elsewhere.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 1, "a slowdown on another CPU is still judged: %s", out);
    CHECK(strstr(out, "REGRESSION (slower)") && strstr(out, "  cpu_model: BASELINE 'Test CPU A'"),
          "the verdict and the condition: %s", out);

    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/older.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "a file without provenance: %s", out);
    CHECK(strstr(out, "  cpu_model: BASELINE 'Test CPU A'; NEW not recorded\n") &&
              strstr(out, "  compiler: BASELINE 'gcc 12.2.0'; NEW not recorded\n"),
          "what an older file does not record: %s", out);

    /* a crafted file's control characters (a newline, a terminal escape) are not printed */
    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/crafted.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "a crafted CPU name: %s", out);
    CHECK(strstr(out, "  cpu_model: BASELINE 'Test CPU A'; NEW 'CPU?\?[2Jline two?\?'\n") &&
              !strchr(out, '\033') && !strchr(out, '\r') && !strchr(out, 0x7f),
          "control characters in a condition reach the output: %s", out);

    /* and those of a crafted import's simulator and what it could not give, across simulators */
    snprintf(args, sizeof args, "compare %s/poisson.h5 %s/crafted-import.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "a crafted import: %s", out);
    CHECK(strstr(out, "across simulators: BASELINE snnbench, NEW NEST?3.9\n") &&
              strstr(out, "NEW could not give: weights?and?[2J more\n") && !strchr(out, '\033'),
          "control characters of an import reach the output: %s", out);

    /* studies: every value of a side, in file order; the same set in another order is alike */
    snprintf(args, sizeof args, "compare %s/study %s/mixed", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "study against a mixed study: %s", out);
    CHECK(strstr(out, "  cpu_model: BASELINE 'Test CPU A'; NEW 'Test CPU A' | 'Test CPU B'\n") &&
              strstr(out, "  rank_ee_row_loop: BASELINE 'avx512'; NEW 'avx512' | 'avx2'\n"),
          "a side's values as a set: %s", out);
    snprintf(args, sizeof args, "compare %s/mixed %s/swapped", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "two mixed studies: %s", out);
    CHECK(strstr(out, "\nconditions alike on both sides: "),
          "the same values in another order differ: %s", out);
}

static int png_size(const char *path, unsigned *w, unsigned *h) {
    unsigned char b[24];
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    const size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 24 || memcmp(b, sig, 8) || memcmp(b + 12, "IHDR", 4)) return -1;
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
    return 0;
}

static void test_plot(void) {
    static char out[16384];
    char args[1024], path[1024];
    snprintf(args, sizeof args, "plot --size 640x480 -o %s/figs %s/poisson.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "plot a run: %s", out);
    const char *run_figs[] = {"raster", "rates", "cv_isi", "weights", "weights_time", "timers"};
    for (size_t i = 0; i < 6; i++) {
        unsigned w = 0, h = 0;
        snprintf(path, sizeof path, "%s/figs/%s.png", dir, run_figs[i]);
        CHECK(png_size(path, &w, &h) == 0 && w == 640 && h == 480, "%s: %ux%u", path, w, h);
        snprintf(path, sizeof path, "%s/figs/%s.gp", dir, run_figs[i]);
        CHECK(access(path, R_OK) == 0, "script %s kept", path);
    }
    snprintf(args, sizeof args, "plot --size 800x500 %s/study", dir);
    CHECK(run(args, out, sizeof out) == 0, "plot a study: %s", out);
    unsigned w = 0, h = 0;
    snprintf(path, sizeof path, "%s/study/plots/scaling_threads.png", dir);
    CHECK(png_size(path, &w, &h) == 0 && w == 800 && h == 500, "%s: %ux%u", path, w, h);
    snprintf(args, sizeof args, "plot --format svg -o %s/svg %s/poisson.h5", dir, dir);
    CHECK(run(args, out, sizeof out) == 0, "plot svg: %s", out);
    snprintf(path, sizeof path, "%s/svg/weights.svg", dir);
    FILE *f = fopen(path, "r");
    char head[256] = "";
    if (f) head[fread(head, 1, sizeof head - 1, f)] = '\0', fclose(f);
    CHECK(strstr(head, "<svg") || strstr(head, "<?xml"), "svg file: %s", path);
}

static void test_bad_files(void) {
    static char out[8192];
    char args[1024], path[512];
    /* truncated copy of a result */
    snprintf(args, sizeof args, "head -c 3000 %s/poisson.h5 > %s/truncated.h5", dir, dir);
    CHECK(system(args) == 0, "make truncated");
    snprintf(path, sizeof path, "%s/text.h5", dir);
    FILE *f = fopen(path, "w");
    fputs("not hdf5 at all\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/foreign.h5", dir);
    hid_t h = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    double x[3] = {1, 2, 3};
    vec(h, "data", H5T_NATIVE_DOUBLE, 3, x, 0);
    H5Fclose(h);
    const struct {
        const char *file, *message;
    } cases[] = {{"truncated.h5", "truncated"},
                 {"text.h5", "not an HDF5 file"},
                 {"foreign.h5", "not a snnbench result"},
                 {"missing.h5", "no such file"}};
    for (size_t i = 0; i < 4; i++) {
        const char *commands[] = {"analyze --no-write", "plot", "compare"};
        for (size_t c = 0; c < 3; c++) {
            if (c == 2)
                snprintf(args, sizeof args, "compare %s/poisson.h5 %s/%s", dir, dir, cases[i].file);
            else
                snprintf(args, sizeof args, "%s %s/%s", commands[c], dir, cases[i].file);
            const int status = run(args, out, sizeof out);
            CHECK(status > 0, "%s on %s: exit %d (crash?)", commands[c], cases[i].file, status);
            CHECK(strstr(out, cases[i].file) && strstr(out, cases[i].message),
                  "%s on %s: message '%s' lacks the file or '%s'", commands[c], cases[i].file, out,
                  cases[i].message);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    snnbench = argv[1];
    snprintf(dir, sizeof dir, "/tmp/snnbench-analysis-XXXXXX");
    if (!mkdtemp(dir)) return 2;
    char study[300];
    snprintf(study, sizeof study, "%s/study", dir);
    mkdir(study, 0777);
    static spike s[2000000];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 42);
    write_fixture("regular.h5", s, regular(s), 1, 10.0, machine_a);
    size_t n = poisson(s, rng, 5.0);
    write_fixture("poisson.h5", s, n, 1, 10.0, machine_a);
    write_fixture("slower.h5", s, n, 1, 13.0, machine_a);
    write_fixture("other_cpu.h5", s, n, 1, 10.0, machine_b);
    write_fixture("slower-elsewhere.h5", s, n, 1, 13.0, machine_b);
    write_fixture("older.h5", s, n, 1, 10.0, not_recorded);
    write_fixture("crafted.h5", s, n, 1, 10.0, crafted);
    write_fixture("crafted-import.h5", s, n, 1, 10.0, crafted_import);
    write_fixture("study/t1.h5", s, n, 1, 10.0, machine_a);
    write_fixture("study/t2.h5", s, n, 2, 5.5, machine_a);
    const char *mixed[] = {"mixed", "swapped"};
    for (int k = 0; k < 2; k++) {
        char name[300];
        snprintf(name, sizeof name, "%s/%s", dir, mixed[k]);
        mkdir(name, 0777);
        snprintf(name, sizeof name, "%s/t1.h5", mixed[k]);
        write_fixture(name, s, n, 1, 10.0, k ? machine_b : machine_a);
        snprintf(name, sizeof name, "%s/t2.h5", mixed[k]);
        write_fixture(name, s, n, 2, 5.5, k ? machine_a : machine_b);
    }
    write_fixture("synchronous.h5", s, synchronous(s, rng), 1, 10.0, machine_a);
    gsl_rng_free(rng);
    test_analyze();
    test_compare();
    test_compare_conditions();
    test_plot();
    test_bad_files();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (tests_failed == 0 && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return test_summary();
}
