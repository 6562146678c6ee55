/* Minimal test harness: CHECK macros that count, and a closing "N passed, N failed" line
 * that CTest's output and CI's log both show. Every check names what it compared. */
#ifndef SNN_TESTING_H
#define SNN_TESTING_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int tests_passed, tests_failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            tests_passed++;                                                                        \
        } else {                                                                                   \
            tests_failed++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* |got - want| <= tol, reported with both numbers */
#define CHECK_NEAR(got, want, tol, what)                                                           \
    do {                                                                                           \
        const double g_ = (got), w_ = (want);                                                      \
        CHECK(fabs(g_ - w_) <= (tol), "%s: got %.17g, want %.17g (tol %g)", what, g_, w_,          \
              (double)(tol));                                                                      \
    } while (0)

#define CHECK_REL(got, want, rel, what) CHECK_NEAR(got, want, (rel)*fabs((double)(want)), what)

/* Runs a shell command (the tests build it from fixed text and their own temporary paths),
 * keeps up to len - 1 bytes of its output in out, and returns its exit status, or -1 when it
 * did not exit normally (a crash). */
static inline int test_run_command(const char *cmd, char *out, size_t len) {
    FILE *p = popen(cmd, "r");
    size_t got = p ? fread(out, 1, len - 1, p) : 0;
    out[got] = '\0';
    const int status = p ? pclose(p) : -1;
    return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static inline int test_summary(void) {
    printf("%d passed, %d failed\n", tests_passed, tests_failed);
    return tests_failed == 0 && tests_passed > 0 ? 0 : 1;
}

/* Test inputs from a fixed pseudo-random sequence (splitmix64; any fixed one would do), one
 * state per test. */
static inline uint64_t test_next_u64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static inline double test_uniform(uint64_t *state) { /* in [0, 1) */
    return (double)(test_next_u64(state) >> 11) * 0x1p-53;
}

/* The bits of a float or a double, for comparisons to the last bit. */
static inline uint32_t test_float_bits(float x) {
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}
static inline uint64_t test_double_bits(double x) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

#endif
