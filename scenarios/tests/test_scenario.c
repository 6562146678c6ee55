/* Scenario files: sweep expansion (product, zip, repetitions with same or successive seeds,
 * --set overrides) and a table of broken files, each with the message it must give. */
#include <string.h>
#include <unistd.h>

#include "snn/scenario.h"
#include "testing.h"

static char dir[64];

static const char *write_file(const char *name, const char *text) {
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_expansion(void) {
    const char *path =
        write_file("grid.cfg", "name = \"grid\";\n"
                               "simulation = { scale = 0.5; simtime = 100.0; };\n"
                               "stdp = { mu = 0.4; };\n"
                               "sweep = { simulation = { threads = [1, 2]; };\n"
                               "          stdp = { lambda = [0.05, 0.1, 0.2]; }; };\n"
                               "repetitions = 2;\nseeds = \"successive\";\n");
    snn_scenario s;
    char err[1024] = "";
    CHECK(snn_scenario_load(path, &s, err, sizeof err) == 0, "load: %s", err);
    snn_point *p;
    size_t n;
    CHECK(snn_scenario_expand(&s, &p, &n, err, sizeof err) == 0, "expand: %s", err);
    CHECK(n == 12, "2 x 3 x 2 repetitions = 12 points, got %zu", n);
    /* product order: the last axis fastest, repetitions innermost */
    const double threads[] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2};
    const double lambda[] = {0.05, 0.05, 0.1, 0.1, 0.2, 0.2, 0.05, 0.05, 0.1, 0.1, 0.2, 0.2};
    for (size_t i = 0; i < n && i < 12; i++) {
        CHECK(p[i].cfg.values.simulation.threads == threads[i] &&
                  p[i].cfg.values.stdp.lambda == lambda[i],
              "point %zu: threads %lld lambda %g", i, (long long)p[i].cfg.values.simulation.threads,
              p[i].cfg.values.stdp.lambda);
        CHECK(p[i].cfg.values.simulation.seed == 12345 + (int64_t)(i % 2), "point %zu seed %lld", i,
              (long long)p[i].cfg.values.simulation.seed);
        CHECK(p[i].cfg.values.simulation.scale == 0.5 && p[i].cfg.values.simulation.simtime == 100,
              "base values kept");
    }
    CHECK(strcmp(p[3].name, "p002-threads1-lambda0.1-r2") == 0, "name %s", p[3].name);
    free(p);
    /* --set replaces a sweep and a base value */
    CHECK(snn_scenario_override(&s, "stdp.lambda=0.3", err, sizeof err) == 0, "%s", err);
    CHECK(snn_scenario_override(&s, "simulation.scale=0.25", err, sizeof err) == 0, "%s", err);
    CHECK(snn_scenario_override(&s, "stdp.lamda=1", err, sizeof err) != 0 &&
              strstr(err, "unknown parameter 'stdp.lamda'"),
          "bad override: %s", err);
    CHECK(snn_scenario_expand(&s, &p, &n, err, sizeof err) == 0 && n == 4, "after --set: %zu", n);
    for (size_t i = 0; i < n; i++)
        CHECK(p[i].cfg.values.stdp.lambda == 0.3 && p[i].cfg.values.simulation.scale == 0.25,
              "override applied");
    free(p);
    snn_scenario_free(&s);

    path = write_file(
        "zip.cfg", "name = \"weak\";\n"
                   "sweep = { simulation = { threads = [1, 2, 4]; scale = [0.5, 1.0, 2.0]; }; };\n"
                   "combine = \"zip\";\nrepetitions = 2;\n");
    CHECK(snn_scenario_load(path, &s, err, sizeof err) == 0, "zip: %s", err);
    CHECK(snn_scenario_expand(&s, &p, &n, err, sizeof err) == 0 && n == 6, "zip: %zu points", n);
    for (size_t i = 0; i < n; i++)
        CHECK(p[i].cfg.values.simulation.scale ==
                      0.5 * (double)p[i].cfg.values.simulation.threads &&
                  p[i].cfg.values.simulation.seed == 12345,
              "zip point %zu", i);
    free(p);
    snn_scenario_free(&s);
}

typedef struct {
    const char *text;
    const char *message[3];
} broken;

static const broken cases[] = {
    {"name = \"x\";\nsimulaton = { scale = 1.0; };\n", {":2:", "unknown key 'simulaton'"}},
    {"name = \"x\";\nsimulation = { scael = 1.0; };\n",
     {":2:", "unknown parameter 'simulation.scael'"}},
    {"name = \"x\";\n\nsimulation = { scale = -1.0; };\n",
     {":3:", "simulation.scale", "(0, 1000]"}},
    {"name = \"x\";\nsimulation = { threads = 0; };\n", {":2:", "simulation.threads", "[1, 1024]"}},
    {"name = \"x\";\nstdp = { mu = \"high\"; };\n", {":2:", "stdp.mu must be a number"}},
    {"name = \"x\";\nsweep = { stdp = { lambda = 0.1; }; };\n", {":2:", "non-empty list"}},
    {"name = \"x\";\nsweep = { stdp = { lambda = [0.1, -2.0]; }; };\n",
     {":2:", "stdp.lambda", "out of range"}},
    {"name = \"x\";\nsweep = { synapse = { w = [1]; }; };\n",
     {":2:", "unknown sweep group 'synapse'"}},
    {"name = \"x\";\nsweep = { simulation = { threads = [1, 2]; scale = [1.0]; }; };\ncombine = "
     "\"zip\";\n",
     {"zip", "one length"}},
    {"name = \"x\";\nsimulation = { scale = = 1.0; };\n", {":2:", "syntax error"}},
    {"simulation = { scale = 1.0; };\n", {"no name"}},
    {"name = \"x\";\nlauncher = \" \";\n", {":2:", "launcher must be a command", "-n RANKS"}},
    {"name = \"x\";\nlauncher = 4;\n", {":2:", "launcher must be a command"}},
    {"name = \"a b\";\n", {":1:", "letters, digits"}},
    {"name = \"..\";\n", {":1:", "not starting with '.'"}},
    {"name = \"../../etc\";\n", {":1:", "it names the study folder"}},
    {"name = \"x\";\nrepetitions = 0;\n", {":2:", "repetitions", "[1, 1000]"}},
    {"name = \"x\";\nseeds = \"random\";\n", {":2:", "\"same\" or \"successive\""}},
    {"name = \"x\";\ncombine = \"cross\";\n", {":2:", "\"product\" or \"zip\""}},
    {"name = \"x\";\nsweep = { simulation = { dt = [0.1, 0.4]; }; };\n",
     {"point 2", "network.delay", "multiple of simulation.dt"}},
    {"name = \"x\";\nsimulation = { scale = 0.1; nrec = 5000; };\n",
     {"simulation.nrec", "N_E = 900"}},
};

static void test_broken(void) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32], err[1024] = "";
        snprintf(name, sizeof name, "broken%zu.cfg", i);
        const char *path = write_file(name, cases[i].text);
        snn_scenario s;
        int status = snn_scenario_load(path, &s, err, sizeof err);
        if (status == 0) {
            snn_point *p = NULL;
            size_t n;
            status = snn_scenario_expand(&s, &p, &n, err, sizeof err);
            free(p);
            snn_scenario_free(&s);
        }
        CHECK(status != 0, "case %zu accepted", i);
        CHECK(strstr(err, name) != NULL, "case %zu: message '%s' does not name the file", i, err);
        for (int m = 0; m < 3 && cases[i].message[m]; m++)
            CHECK(strstr(err, cases[i].message[m]) != NULL, "case %zu: message '%s' lacks '%s'", i,
                  err, cases[i].message[m]);
    }
    char err[512];
    snn_scenario s;
    CHECK(snn_scenario_load("/nonexistent/x.cfg", &s, err, sizeof err) != 0 &&
              strstr(err, "cannot read"),
          "missing file: %s", err);
}

/* Every file of the library loads and expands; the static variant selects static_synapse on
 * E->E, by name in the file and in a sweep. */
static void test_library(void) {
    static const char *const names[] = {
        "hpc_benchmark", "quick",  "strong-scaling",     "weak-scaling",    "stdp-sweep",
        "stability",     "static", "mpi-strong-scaling", "mpi-weak-scaling"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4096], err[1024];
        snprintf(path, sizeof path, "%s/%s.cfg", SNN_SOURCE_SCENARIO_DIR, names[i]);
        snn_scenario s;
        snn_point *p = NULL;
        size_t n = 0;
        CHECK(snn_scenario_load(path, &s, err, sizeof err) == 0 &&
                  snn_scenario_expand(&s, &p, &n, err, sizeof err) == 0 && n > 0,
              "%s: %s", path, err);
        if (strcmp(names[i], "static") == 0 && n > 0)
            CHECK(p[0].cfg.values.network.ee_synapse == SNN_EE_STATIC,
                  "static.cfg: ee_synapse %lld", (long long)p[0].cfg.values.network.ee_synapse);
        free(p);
        snn_scenario_free(&s);
    }
    write_file("models.cfg", "name = \"models\";\n"
                             "sweep = { network = { ee_synapse = [\"stdp_pl_synapse_hom\", "
                             "\"static_synapse\"]; }; };\n");
    char path[600], err[1024];
    snprintf(path, sizeof path, "%s/models.cfg", dir);
    snn_scenario s;
    snn_point *p = NULL;
    size_t n = 0;
    CHECK(snn_scenario_load(path, &s, err, sizeof err) == 0 &&
              snn_scenario_expand(&s, &p, &n, err, sizeof err) == 0 && n == 2 &&
              p[0].cfg.values.network.ee_synapse == SNN_EE_STDP_PL &&
              p[1].cfg.values.network.ee_synapse == SNN_EE_STATIC,
          "a sweep over the E->E model by name: %s", err);
    free(p);
    snn_scenario_free(&s);
    write_file("nomodel.cfg", "name = \"x\";\nnetwork = { ee_synapse = \"tsodyks\"; };\n");
    snprintf(path, sizeof path, "%s/nomodel.cfg", dir);
    CHECK(snn_scenario_load(path, &s, err, sizeof err) != 0 && strstr(err, ":2:") &&
              strstr(err, "network.ee_synapse must be a number or the name of one of its values"),
          "an unknown model name: %s", err);
}

int main(void) {
    snprintf(dir, sizeof dir, "/tmp/snnbench-scenario-XXXXXX");
    if (!mkdtemp(dir)) return 2;
    test_expansion();
    test_broken();
    test_library();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (tests_failed == 0 && system(cmd) != 0) return 2;
    return test_summary();
}
