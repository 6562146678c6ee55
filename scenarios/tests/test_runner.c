/* snnbench run as a real process: a study runs to its summary and the summary matches the
 * point files; a second run keeps everything; a failing point does not stop the others and
 * the exit status and failure table say so; a study interrupted in the middle of a point
 * leaves no partial file and the rerun completes only what is missing, whatever the signal
 * (SIGINT to the group, SIGINT, SIGTERM or SIGKILL to the runner alone), with no simulation
 * left running; a second runner on a busy folder is refused; results of other parameters
 * are refused unless --force. */
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "snn/analysis.h"
#include "snn/result_format.h"
#include "snn/result_reader.h"
#include "testing.h"

static const char *snnbench;
static char dir[64];

static void write_scenario(const char *simtime) {
    char path[128];
    snprintf(path, sizeof path, "%s/three.cfg", dir);
    FILE *f = fopen(path, "w");
    fprintf(f,
            "# three seeds of a small network\n"
            "name = \"three\";\n"
            "simulation = { scale = 0.2; threads = 1; presimtime = 50.0; simtime = %s; };\n"
            "network = { CE = 1800; CI = 450; JE = 0.313; };\n"
            "sweep = { simulation = { seed = [1, 2, 3]; }; };\n",
            simtime);
    fclose(f);
}

static int run_study(const char *study, char *out, size_t len) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s run %s/three.cfg -o %s/%s --no-analysis 2>&1", snnbench, dir, dir,
             study);
    return test_run_command(cmd, out, len);
}

static int exists(const char *study, const char *name) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s/%s", dir, study, name);
    return access(path, F_OK) == 0;
}

static time_t mtime(const char *study, const char *name) {
    char path[256];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s/%s", dir, study, name);
    return stat(path, &st) == 0 ? st.st_mtim.tv_sec * 1000000000L + st.st_mtim.tv_nsec : 0;
}

static size_t count(const char *text, const char *word) {
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, word)); p += strlen(word))
        n++;
    return n;
}

/* summary.csv against the point files */
static void check_summary(const char *study, size_t expect_ok) {
    char path[256], line[4096], header[4096];
    snprintf(path, sizeof path, "%s/%s/summary.csv", dir, study);
    FILE *f = fopen(path, "r");
    CHECK(f && fgets(header, sizeof header, f), "%s unreadable", path);
    if (!f) return;
    /* column indices */
    int col_time = -1, col_rate = -1, col_weight = -1, col = 0;
    for (char *tok = strtok(header, ",\n"); tok; tok = strtok(NULL, ",\n"), col++) {
        if (strcmp(tok, "time_simulate") == 0) col_time = col;
        if (strcmp(tok, "rate_mean") == 0) col_rate = col;
        if (strcmp(tok, "weight_mean") == 0) col_weight = col;
    }
    CHECK(col_time > 0 && col_rate > 0 && col_weight > 0, "summary columns");
    size_t rows = 0, ok = 0;
    while (fgets(line, sizeof line, f)) {
        rows++;
        char *fields[64] = {0};
        int n = 0;
        for (char *p = line, *tok; n < 64 && (tok = strsep(&p, ",\n"));)
            fields[n++] = tok;
        if (n <= col_weight || (strcmp(fields[2], "\"ok\"") && strcmp(fields[2], "\"kept\"")))
            continue;
        ok++;
        snn_result r;
        snn_analysis a;
        snn_analysis_options o;
        snn_analysis_defaults(&o);
        char file[256], err[4400];
        snprintf(file, sizeof file, "%s/%s/%s", dir, study, fields[1]);
        if (snn_result_read(file, &r, err, sizeof err) != 0 || snn_analyze(&r, &o, &a) != 0) {
            CHECK(0, "%s", err);
            continue;
        }
        CHECK_REL(atof(fields[col_time]), snn_result_timer(&r, "time_simulate"), 1e-8,
                  "summary time_simulate = file");
        /* the writer writes every attribute that the format lists, and the reader finds it */
        const size_t n_timers = SNN_TIMER_FIELDS, n_derived = SNN_DERIVED_FIELDS;
        CHECK(r.n_timers == n_timers && r.n_derived == n_derived,
              "%s: %zu of %zu timers, %zu of %zu derived quantities", file, r.n_timers, n_timers,
              r.n_derived, n_derived);
        CHECK_REL(atof(fields[col_rate]), snn_analysis_get(&a, "rate_mean"), 1e-8,
                  "summary rate_mean = file");
        CHECK_REL(atof(fields[col_weight]), snn_analysis_get(&a, "weight_mean"), 1e-8,
                  "summary weight_mean = file");
        snn_analysis_free(&a);
        snn_result_free(&r);
    }
    fclose(f);
    CHECK(rows == 3 && ok == expect_ok, "%s: %zu rows, %zu ok (want 3, %zu)", study, rows, ok,
          expect_ok);
    snprintf(path, sizeof path, "%s/%s/summary.h5", dir, study);
    CHECK(access(path, R_OK) == 0, "summary.h5 missing");
}

static void test_complete_and_resume(void) {
    static char out[65536];
    write_scenario("200.0");
    CHECK(run_study("a", out, sizeof out) == 0, "study a failed:\n%s", out);
    CHECK(count(out, "        ok") == 3, "three points ran:\n%s", out);
    check_summary("a", 3);
    const time_t before = mtime("a", "p002-seed2.h5");
    CHECK(run_study("a", out, sizeof out) == 0, "rerun failed:\n%s", out);
    CHECK(count(out, "kept") == 3 && count(out, "        ok") == 0, "rerun kept all:\n%s", out);
    CHECK(mtime("a", "p002-seed2.h5") == before, "a kept result was rewritten");
}

static void test_failing_point(void) {
    static char out[65536];
    char path[256];
    snprintf(path, sizeof path, "%s/b", dir);
    mkdir(path, 0777);
    /* a folder where point 2's .part must go: that point cannot claim its name */
    snprintf(path, sizeof path, "%s/b/p002-seed2.h5.part", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/b/p002-seed2.h5.part/occupied", dir);
    fclose(fopen(path, "w"));
    CHECK(run_study("b", out, sizeof out) == 1, "a failed point must fail the study:\n%s", out);
    CHECK(exists("b", "p001-seed1.h5") && exists("b", "p003-seed3.h5"), "the other points ran");
    CHECK(strstr(out, "failed points:") && strstr(out, "p002-seed2") &&
              strstr(out, "failed: exit status"),
          "failure table:\n%s", out);
    CHECK(strstr(out, "2 of 3 points ok") != NULL, "count of ok points:\n%s", out);
    check_summary("b", 2);
}

/* Processes other than this test whose command line mentions text (the study folder). */
static int processes_mentioning(const char *text) {
    DIR *proc = opendir("/proc");
    int found = 0;
    for (struct dirent *e; proc && (e = readdir(proc));) {
        const long pid = strtol(e->d_name, NULL, 10);
        if (pid <= 0 || pid == (long)getpid()) continue;
        char path[64], cmdline[4096];
        snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        const size_t n = fread(cmdline, 1, sizeof cmdline - 1, f);
        fclose(f);
        for (size_t i = 0; i < n; i++)
            if (cmdline[i] == '\0') cmdline[i] = ' ';
        cmdline[n] = '\0';
        /* a zombie has an empty command line: it has ended */
        found += n > 0 && strstr(cmdline, text) != NULL;
    }
    if (proc) closedir(proc);
    return found;
}

/* Starts the runner on study `name` in its own process group, waits until point 2 is
 * simulating, and returns the runner's pid. */
static pid_t start_and_wait_for_point2(const char *name) {
    const pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        if (!freopen("/dev/null", "w", stdout)) _exit(126);
        char study[128], cfg[128];
        snprintf(study, sizeof study, "%s/%s", dir, name);
        snprintf(cfg, sizeof cfg, "%s/three.cfg", dir);
        execl(snnbench, snnbench, "run", cfg, "-o", study, "--no-analysis", (char *)NULL);
        _exit(127);
    }
    setpgid(child, child);
    /* the part appears when the child claims its name, before it builds the network */
    for (int i = 0; i < 6000 && !exists(name, "p002-seed2.h5.part"); i++)
        usleep(10000);
    CHECK(exists(name, "p002-seed2.h5.part"), "%s: point 2 never started", name);
    return child;
}

/* After the runner ended by signal: no child left, no partial file, point 1 kept. */
static void check_interrupted(const char *name, int sig, pid_t runner, int status) {
    char study[128];
    snprintf(study, sizeof study, "%s/%s", dir, name);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig, "%s: runner not ended by signal %d", name,
          sig);
    /* a SIGKILLed runner cannot wait for its child: the kernel's SIGTERM ends it shortly */
    for (int i = 0; i < 500 && (processes_mentioning(study) || exists(name, "p002-seed2.h5.part"));
         i++)
        usleep(10000);
    CHECK(processes_mentioning(study) == 0, "%s: a simulation outlived its runner", name);
    CHECK(exists(name, "p001-seed1.h5"), "%s: point 1 finished before the signal", name);
    CHECK(!exists(name, "p002-seed2.h5") && !exists(name, "p002-seed2.h5.part"),
          "%s: interrupted point left a file", name);
    CHECK(!exists(name, "p003-seed3.h5"), "%s: point 3 should not have run", name);
    (void)runner;
}

static void test_interrupted(void) {
    static char out[65536];
    write_scenario("1500.0");
    /* SIGINT to the whole group (Ctrl-C), then SIGTERM and SIGKILL to the runner alone: in
     * every case the runner returns only when its child is gone and the .part removed */
    const struct {
        const char *name;
        int sig, group;
    } cases[] = {{"c", SIGINT, 1}, {"d", SIGTERM, 0}, {"e", SIGINT, 0}, {"f", SIGKILL, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const pid_t runner = start_and_wait_for_point2(cases[k].name);
        if (cases[k].group)
            killpg(runner, cases[k].sig);
        else
            kill(runner, cases[k].sig);
        int status;
        waitpid(runner, &status, 0);
        if (cases[k].sig != SIGKILL) {
            /* the runner reaped its child before ending: nothing to wait for */
            char study[128];
            snprintf(study, sizeof study, "%s/%s", dir, cases[k].name);
            CHECK(processes_mentioning(study) == 0 && !exists(cases[k].name, "p002-seed2.h5.part"),
                  "%s: the runner ended before its child had cleaned up", cases[k].name);
        }
        check_interrupted(cases[k].name, cases[k].sig, runner, status);
    }
    const time_t first = mtime("c", "p001-seed1.h5");
    CHECK(run_study("c", out, sizeof out) == 0, "resumed study failed:\n%s", out);
    CHECK(count(out, "kept") == 1 && count(out, "        ok") == 2, "resume ran only 2 and 3:\n%s",
          out);
    CHECK(mtime("c", "p001-seed1.h5") == first, "point 1 rewritten");
    check_summary("c", 3);
}

/* One runner per study folder: a second one is refused at once and changes nothing. */
static void test_locked(void) {
    static char out[65536];
    write_scenario("1500.0");
    const pid_t runner = start_and_wait_for_point2("g");
    CHECK(run_study("g", out, sizeof out) == 2, "second runner on a busy folder:\n%s", out);
    CHECK(strstr(out, "in use by another snnbench run") && strstr(out, "pid"), "lock message:\n%s",
          out);
    CHECK(exists("g", "p002-seed2.h5.part"), "the refused runner touched the first's point");
    kill(runner, SIGTERM);
    int status;
    waitpid(runner, &status, 0);
    CHECK(WIFSIGNALED(status), "first runner ended by SIGTERM");
}

/* Results of other parameters in the folder: refused before anything runs, with the
 * parameters named, unless --force. */
static void test_different_parameters(void) {
    static char out[65536];
    char cmd[512];
    write_scenario("200.0");
    const time_t before = mtime("a", "p001-seed1.h5");
    snprintf(cmd, sizeof cmd, "%s run %s/three.cfg -o %s/a --no-analysis --set network.JE=0.3 2>&1",
             snnbench, dir, dir);
    CHECK(test_run_command(cmd, out, sizeof out) == 2, "different --set refused:\n%s", out);
    CHECK(strstr(out, "network.JE = 0.313 in the file, 0.3 now") && strstr(out, "--force"),
          "refusal names the parameter:\n%s", out);
    CHECK(count(out, "p00") == 3, "all three points listed:\n%s", out);
    CHECK(mtime("a", "p001-seed1.h5") == before, "a refused study changed a result");
    snprintf(cmd, sizeof cmd,
             "%s run %s/three.cfg -o %s/a --no-analysis --set network.JE=0.3 --force 2>&1",
             snnbench, dir, dir);
    CHECK(test_run_command(cmd, out, sizeof out) == 0, "--force replaces:\n%s", out);
    snn_result r;
    char file[256], err[4400];
    snprintf(file, sizeof file, "%s/a/p001-seed1.h5", dir);
    CHECK(snn_result_read(file, &r, err, sizeof err) == 0 &&
              snn_result_config(&r, "network.JE") == 0.3,
          "the forced rerun's result has JE = 0.3");
    snn_result_free(&r);
}

/* A point that needs more memory than the machine has is refused before it starts, with
 * the figures, and the study says so in its exit status. */
static void test_refused_point(void) {
    static char out[16384];
    char path[128], cmd[512];
    snprintf(path, sizeof path, "%s/huge.cfg", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "name = \"huge\";\nsimulation = { scale = 500.0; simtime = 10.0; };\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s run %s -o %s/huge --no-analysis 2>&1", snnbench, path, dir);
    CHECK(test_run_command(cmd, out, sizeof out) == 1, "refused study exit status:\n%s", out);
    CHECK(strstr(out, "refused: needs 423.20") && strstr(out, "GB available"),
          "refusal figures:\n%s", out);
    CHECK(!exists("huge", "p001.h5") && !exists("huge", "p001.h5.part"),
          "a refused point wrote a file");
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    snnbench = argv[1];
    snprintf(dir, sizeof dir, "/tmp/snnbench-runner-XXXXXX");
    if (!mkdtemp(dir)) return 2;
    test_complete_and_resume();
    test_failing_point();
    test_different_parameters();
    test_interrupted();
    test_locked();
    test_refused_point();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (tests_failed == 0 && system(cmd) != 0) return 2;
    return test_summary();
}
