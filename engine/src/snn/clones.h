/* Functions built several times, for the CPU to pick one at load time (GCC's target_clones):
 * for x86-64-v4 (AVX-512), x86-64-v3 (AVX2) and any x86-64. Clang builds one. */
#ifndef SNN_CLONES_H
#define SNN_CLONES_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SNN_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SNN_CLONES
#endif

/* Whether this CPU runs the x86-64-v4 clones, whose loops the compiler vectorizes with
 * AVX-512. Where it does not, the loops written by hand for AVX2 are the faster ones (the
 * compiler leaves the x86-64-v3 clones of those loops scalar). */
static inline int snn_runs_v4_clones(void) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    return __builtin_cpu_supports("x86-64-v4"); /* read once, at load time */
#else
    return 0;
#endif
}

#endif
