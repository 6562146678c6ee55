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

/* The widest loop this CPU runs: AVX-512 (F, VL, DQ) where the VP's E targets index its
 * gathers (2 n_local_E < 2^31), its tables read by gathers where those are fast
 * (cpu_gathers.h), else AVX2, else the scalar one. */
typedef enum { SCALAR, WITH_AVX2, WITH_AVX512, WITH_AVX512_GATHERS } row_isa;

static row_isa widest(uint64_t n_local_E) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && n_local_E < (UINT64_C(1) << 29))
        return snn_cpu_gathers_fast() ? WITH_AVX512_GATHERS : WITH_AVX512;
    if (__builtin_cpu_supports("avx2")) return WITH_AVX2;
#endif
    (void)n_local_E;
    return SCALAR;
}

snn_stdp_row_fn snn_stdp_row_pick(uint64_t n_local_E) {
    switch (widest(n_local_E)) {
    case WITH_AVX512_GATHERS:
        return snn_stdp_row_avx512_gather;
    case WITH_AVX512:
        return snn_stdp_row_avx512;
    case WITH_AVX2:
        return snn_stdp_row_avx2;
    default:
        return snn_stdp_row_scalar;
    }
}

const char *snn_stdp_row_name(snn_stdp_row_fn row) {
    if (row == snn_stdp_row_avx512_gather) return "avx512-gathers";
    if (row == snn_stdp_row_avx512) return "avx512";
    if (row == snn_stdp_row_avx2) return "avx2";
    return "scalar";
}

snn_stdp_row_fn snn_stdp_catch_up_pick(uint64_t n_local_E) {
    switch (widest(n_local_E)) {
    case WITH_AVX512_GATHERS:
        return snn_stdp_catch_up_avx512_gather;
    case WITH_AVX512:
        return snn_stdp_catch_up_avx512;
    case WITH_AVX2:
        return snn_stdp_catch_up_avx2;
    default:
        return snn_stdp_catch_up_scalar;
    }
}
