/* snn_stdp_row: one presynaptic E spike through its row of plastic synapses: for each entry k
 * (target j = target[k]) the rule of stdp.h updates weight[k], and the new weight is added to
 * ring_ex[j]. The same function of the same inputs, bit for bit, two ways:
 *   snn_stdp_row_scalar  one synapse after another (any CPU);
 *   snn_stdp_row_avx512  eight synapses at a time with AVX-512 (stdp_row_avx512.c), its
 *                        tables read by loads; snn_stdp_row_avx512_gather by gathers;
 *   snn_stdp_row_avx2    four at a time with AVX2 (stdp_row_avx2.c);
 * with the catch-up of silent sources likewise; snn_stdp_loops_pick says which set this CPU
 * and this network can run. */
#ifndef SNN_STDP_ROW_H
#define SNN_STDP_ROW_H

#include <stdint.h>

#include "snn/network.h" /* snn_target_at */
#include "snn/stdp.h"

typedef struct {
    const snn_stdp *rule;
    const snn_stdp_history *history;  /* per local E target */
    const snn_stdp_post_trace *post;  /* per local E target, at the spike's stamp - delay */
    const snn_stdp_post_older *older; /* likewise, the older stamps */
    const snn_stdp_pre *pre;          /* the source's trace before this spike */
    int32_t stamp;                    /* the spike's */
    const void *target;               /* local indices, `width` bytes each */
    unsigned width;                   /* 2 or 4 */
    float *weight;
    double *ring_ex; /* the arrival row of excitatory input */
} snn_stdp_row;

/* What a vector loop's walk through a row does besides the facilitation (stdp_row_avx2.c,
 * stdp_row_avx512.c): a spike also depresses every weight and transmits it to the ring; the
 * catch-up does neither. */
typedef enum { SNN_WALK_CATCH_UP, SNN_WALK_SPIKE } snn_stdp_walk;

/* What the vector loops give a lane they cannot do: the entry with target j and weight
 * `before` (as it was before the walk) by the scalar rule, a spike's (facilitation, then
 * depression) or the catch-up's (the facilitation alone). */
static inline float snn_stdp_row_redo(const snn_stdp_row *row, snn_stdp_walk kind, uint32_t j,
                                      float before) {
    const snn_stdp *p = row->rule;
    return kind == SNN_WALK_SPIKE
               ? (float)snn_stdp_on_pre_spike(p, &row->history[j], row->pre, row->stamp,
                                              row->post[j], before)
               : (float)snn_stdp_facilitate_through(p, &row->history[j], row->pre,
                                                    row->stamp - p->delay, before);
}

typedef void (*snn_stdp_row_fn)(const snn_stdp_row *row, uint64_t begin, uint64_t end);

void snn_stdp_row_scalar(const snn_stdp_row *row, uint64_t begin, uint64_t end);
void snn_stdp_row_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end);
void snn_stdp_row_avx512_gather(const snn_stdp_row *row, uint64_t begin, uint64_t end);
void snn_stdp_row_avx2(const snn_stdp_row *row, uint64_t begin, uint64_t end);

/* The catch-up of a silent source (stdp.h): each weight of the row facilitated by every
 * postsynaptic spike in (done_through, stamp - delay], nothing else (ring_ex unused). */
void snn_stdp_catch_up_scalar(const snn_stdp_row *row, uint64_t begin, uint64_t end);
void snn_stdp_catch_up_avx512(const snn_stdp_row *row, uint64_t begin, uint64_t end);
void snn_stdp_catch_up_avx512_gather(const snn_stdp_row *row, uint64_t begin, uint64_t end);
void snn_stdp_catch_up_avx2(const snn_stdp_row *row, uint64_t begin, uint64_t end);

/* The entries [begin, end) a vector loop leaves over (fewer than a group) by the scalar loop
 * of its kind of walk. */
static inline void snn_stdp_walk_scalar(const snn_stdp_row *row, snn_stdp_walk kind, uint64_t begin,
                                        uint64_t end) {
    if (kind == SNN_WALK_SPIKE)
        snn_stdp_row_scalar(row, begin, end);
    else
        snn_stdp_catch_up_scalar(row, begin, end);
}

/* Whether a walk only depresses: a spike's row whose source has nothing to facilitate, as
 * snn_stdp_pre_for_walk marks it (stdp.h). The vector loops then skip their lists. */
static inline int snn_stdp_walk_only_depresses(const snn_stdp_row *row, snn_stdp_walk kind) {
    return kind == SNN_WALK_SPIKE && row->pre->done_through == SNN_STDP_ALL_DONE;
}

/* A vector loop's chunk of n new weights (entries first .. first + n - 1 of the row) added
 * to the ring one by one in row order, as the scalar loop adds them: the sums round the
 * same, also where a row holds a target twice. */
static inline __attribute__((always_inline)) void
snn_stdp_add_to_ring(double *ring_ex, const void *target, unsigned width, uint64_t first,
                     const float *weight, uint32_t n) {
    for (uint32_t k = 0; k < n; k++)
        ring_ex[snn_target_at(target, width, first + k)] += weight[k];
}

/* One build's loops, a spike's walk and the catch-up's, under the name the result's
 * provenance gives them ("avx512-gathers", "avx512", "avx2" or "scalar"). */
typedef struct {
    const char *name;
    snn_stdp_row_fn row, catch_up;
} snn_stdp_loops;

extern const snn_stdp_loops snn_stdp_loops_scalar;

/* The AVX-512 loops where the CPU has AVX-512 (F, VL, DQ) and the VP has fewer than 2^29 E
 * targets (the range they are tested for), the gathering ones where the CPU's gathers are
 * fast (cpu_gathers.h), else the AVX2 loops where it has AVX2, else the scalar ones. */
snn_stdp_loops snn_stdp_loops_pick(uint64_t n_local_E);

#endif
