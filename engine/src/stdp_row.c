/* snn_stdp_row: the scalar loop, and the choice between it and the AVX-512 one. */
#include "snn/stdp_row.h"

#include "snn/cpu_gathers.h"
#include "snn/network.h" /* snn_target_at */

/* One loop per width of the target indices, so that each reads its indices directly. */
static inline __attribute__((always_inline)) void
row_of_width(const snn_stdp_row *row, unsigned width, uint64_t begin, uint64_t end) {
    for (uint64_t k = begin; k < end; k++) {
        const uint32_t j = snn_target_at(row->target, width, k);
        const float w = (float)snn_stdp_on_pre_spike(row->rule, &row->history[j], row->pre,
                                                     row->stamp, row->post[j], row->weight[k]);
        row->weight[k] = w;
        row->ring_ex[j] += w;
    }
}

void snn_stdp_row_scalar(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    if (row->width == 2)
        row_of_width(row, 2, begin, end);
    else
        row_of_width(row, 4, begin, end);
}

void snn_stdp_catch_up_scalar(const snn_stdp_row *row, uint64_t begin, uint64_t end) {
    const int32_t through = row->stamp - row->rule->delay;
    for (uint64_t k = begin; k < end; k++) {
        const uint32_t j = snn_target_at(row->target, row->width, k);
        row->weight[k] = (float)snn_stdp_facilitate_through(row->rule, &row->history[j], row->pre,
                                                            through, row->weight[k]);
    }
}

const snn_stdp_loops snn_stdp_loops_scalar = {"scalar", snn_stdp_row_scalar,
                                              snn_stdp_catch_up_scalar};

/* The widest loops this CPU runs: AVX-512 (F, VL, DQ) where the VP's E targets index its
 * gathers (2 n_local_E < 2^31), their tables read by gathers where those are fast
 * (cpu_gathers.h), else AVX2, else the scalar ones. */
snn_stdp_loops snn_stdp_loops_pick(uint64_t n_local_E) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && n_local_E < (UINT64_C(1) << 29))
        return snn_cpu_gathers_fast()
                   ? (snn_stdp_loops){"avx512-gathers", snn_stdp_row_avx512_gather,
                                      snn_stdp_catch_up_avx512_gather}
                   : (snn_stdp_loops){"avx512", snn_stdp_row_avx512, snn_stdp_catch_up_avx512};
    if (__builtin_cpu_supports("avx2"))
        return (snn_stdp_loops){"avx2", snn_stdp_row_avx2, snn_stdp_catch_up_avx2};
#endif
    (void)n_local_E;
    return snn_stdp_loops_scalar;
}
