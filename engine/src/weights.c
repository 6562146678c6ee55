/* Weight histograms, order-independent moments and the reproducible sample. */
#include "snn/weights.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"
#include "snn/rng.h"
#include "snn/weight_block.h"

__extension__ typedef unsigned __int128 u128;

typedef struct {
    uint64_t count, clipped, above;
    u128 sum, sum2; /* fixed point: 2^-40 pA and 2^-20 pA^2 */
    float min, max;
} partial;

/* Adds `times` synapses of weight w. */
static inline void count_weight(partial *p, float w, uint64_t times, uint64_t *bins, double hi,
                                double scale) {
    const double wd = w;
    p->count += times;
    p->clipped += w == 0.0f ? times : 0;
    if (wd >= hi)
        p->above += times;
    else
        bins[(uint64_t)(wd * scale)] += times;
    p->sum += (u128)(uint64_t)(wd * 0x1p40) * times;
    p->sum2 += (u128)(uint64_t)(wd * wd * 0x1p20) * times;
    p->min = w < p->min ? w : p->min;
    p->max = w > p->max ? w : p->max;
}

/* Weights [begin, end) of a VP's plastic synapses, one at a time, in locals that the
 * compiler can keep in registers (through *p, which might alias bins, each synapse cost a
 * store and reload of every field). A weight below hi (usually some 100 pA) and 2^21 pA has
 * fixed-point values that fit int64, which convert in one instruction (to uint64 takes a
 * branch). */
static void count_one_by_one(const float *weight, uint64_t begin, uint64_t end, uint64_t *bins,
                             double hi, double scale, partial *p) {
    uint64_t clipped = 0, above = 0;
    u128 sum = 0, sum2 = 0;
    float min = p->min, max = p->max;
    const double small = hi < 0x1p21 ? hi : 0x1p21; /* (2^21)^2 2^20 = 2^62 */
    for (uint64_t k = begin; k < end; k++) {
        const float w = weight[k];
        const double wd = w;
        clipped += w == 0.0f;
        if (wd < small) {
            bins[(int64_t)(wd * scale)] += 1;
            sum += (u128)(int64_t)(wd * 0x1p40);
            sum2 += (u128)(int64_t)(wd * wd * 0x1p20);
        } else {
            if (wd < hi)
                bins[(uint64_t)(wd * scale)] += 1;
            else
                above += 1;
            sum += (u128)(uint64_t)(wd * 0x1p40);
            sum2 += (u128)(uint64_t)(wd * wd * 0x1p20);
        }
        min = w < min ? w : min;
        max = w > max ? w : max;
    }
    p->count += end - begin, p->clipped += clipped, p->above += above;
    p->sum += sum, p->sum2 += sum2;
    p->min = min, p->max = max;
}

/* Every weight of a VP's plastic synapses: blocks of ordinary weights (weight_block.h) eight
 * at a time where the CPU can, the rest one by one; the same counts and sums either way.
 * bins holds SNN_WEIGHT_BLOCK_COPIES histograms (weight_block.h): the blocks count into all,
 * the weights one by one into the first; the caller adds them. */
static void count_weights(const float *weight, uint64_t n, uint64_t *bins, uint32_t n_bins,
                          double hi, double scale, partial *p) {
    float limit = hi < SNN_WEIGHT_BLOCK_LIMIT ? (float)hi : SNN_WEIGHT_BLOCK_LIMIT;
    if ((double)limit > hi) limit = nextafterf(limit, 0.0f); /* a block's weights are below hi */
    const int blocks = snn_weight_block_available();
    uint64_t k = 0;
    for (; blocks && k + SNN_WEIGHT_BLOCK <= n; k += SNN_WEIGHT_BLOCK) {
        snn_weight_block b;
        if (!snn_weight_block_count(weight + k, SNN_WEIGHT_BLOCK, limit, scale, n_bins, bins, &b)) {
            count_one_by_one(weight, k, k + SNN_WEIGHT_BLOCK, bins, hi, scale, p);
            continue;
        }
        float lo, most;
        memcpy(&lo, &b.min_bits, sizeof lo);
        memcpy(&most, &b.max_bits, sizeof most);
        p->count += SNN_WEIGHT_BLOCK, p->clipped += b.clipped;
        p->sum += (u128)b.sum, p->sum2 += (u128)b.sum2;
        p->min = lo < p->min ? lo : p->min;
        p->max = most > p->max ? most : p->max;
    }
    count_one_by_one(weight, k, n, bins, hi, scale, p);
}

static void count_vp(const snn_network *net, const snn_vp *vp, uint32_t n_bins, double hi,
                     uint64_t *bins, partial *p) {
    *p = (partial){.min = INFINITY, .max = -INFINITY};
    const double scale = (double)n_bins / hi;
    if (!vp->ee_weight || vp->weights_as_built) { /* every E->E synapse at J_E (as stored) */
        if (vp->n_ee) count_weight(p, snn_static_weight_E(net), vp->n_ee, bins, hi, scale);
        return;
    }
    count_weights(vp->ee_weight, vp->n_ee, bins, n_bins, hi, scale, p);
    snn_weight_block_fold(bins, n_bins);
}

/* Every rank's counts and fixed-point sums added (integers: exact in any order), the
 * extremes compared; afterwards every rank holds the whole network's. The 128-bit sums
 * travel as four 32-bit limbs in 64-bit words, so that adding them over ranks cannot carry
 * out of a word. */
static void add_ranks(const snn_comm *comm, partial *p, uint64_t *bins, uint32_t n_bins) {
    if (comm->size == 1) return;
    uint64_t words[11];
    words[0] = p->count, words[1] = p->clipped, words[2] = p->above;
    for (int k = 0; k < 4; k++) {
        words[3 + k] = (uint64_t)(p->sum >> (32 * k)) & 0xffffffffu;
        words[7 + k] = (uint64_t)(p->sum2 >> (32 * k)) & 0xffffffffu;
    }
    snn_comm_sum_u64(comm, words, 11);
    snn_comm_sum_u64(comm, bins, n_bins);
    p->count = words[0], p->clipped = words[1], p->above = words[2];
    p->sum = p->sum2 = 0;
    for (int k = 0; k < 4; k++) {
        p->sum += (u128)words[3 + k] << (32 * k);
        p->sum2 += (u128)words[7 + k] << (32 * k);
    }
    double lo = p->min, hi = p->max;
    snn_comm_min_double(comm, &lo, 1);
    snn_comm_max_double(comm, &hi, 1);
    p->min = (float)lo, p->max = (float)hi;
}

int snn_weight_snapshot_take(const snn_network *net, uint32_t n_bins, double hi, double time_ms,
                             snn_weight_snapshot *out) {
    *out = (snn_weight_snapshot){.time_ms = time_ms, .n_bins = n_bins, .hi = hi};
    out->bins = calloc(n_bins, sizeof *out->bins);
    /* per VP: its bins (n_bins) and, after them, the block counts' other copies */
    const size_t vp_stride = (size_t)n_bins * SNN_WEIGHT_BLOCK_COPIES;
    uint64_t *vp_bins = calloc((size_t)net->n_local_vp * vp_stride, sizeof *vp_bins);
    partial *parts = calloc((size_t)net->n_local_vp, sizeof *parts);
    if (!out->bins || !vp_bins || !parts) {
        free(vp_bins);
        free(parts);
        snn_weight_snapshot_free(out);
        return SNN_ERR_NOMEM;
    }
#pragma omp parallel for num_threads(net->n_local_vp) schedule(static, 1)
    for (int v = 0; v < net->n_local_vp; v++)
        count_vp(net, &net->vps[v], n_bins, hi, vp_bins + (size_t)v * vp_stride, &parts[v]);
    partial all = {.min = INFINITY, .max = -INFINITY};
    for (int v = 0; v < net->n_local_vp; v++) {
        for (uint32_t b = 0; b < n_bins; b++)
            out->bins[b] += vp_bins[(size_t)v * vp_stride + b];
        all.count += parts[v].count, all.clipped += parts[v].clipped, all.above += parts[v].above;
        all.sum += parts[v].sum, all.sum2 += parts[v].sum2;
        all.min = parts[v].min < all.min ? parts[v].min : all.min;
        all.max = parts[v].max > all.max ? parts[v].max : all.max;
    }
    add_ranks(&net->comm, &all, out->bins, n_bins);
    out->count = all.count;
    out->clipped_at_zero = all.clipped;
    out->above_range = all.above;
    if (all.count > 0) {
        const long double n = (long double)all.count;
        const long double mean = (long double)all.sum * 0x1p-40L / n;
        const long double var = (long double)all.sum2 * 0x1p-20L / n - mean * mean;
        out->mean = (double)mean;
        out->std = var > 0 ? (double)sqrtl(var) : 0.0;
        out->min = all.min;
        out->max = all.max;
    } else {
        out->mean = out->std = out->min = out->max = NAN;
    }
    free(vp_bins);
    free(parts);
    return SNN_OK;
}

void snn_weight_snapshot_free(snn_weight_snapshot *s) {
    free(s->bins);
    s->bins = NULL;
}

/* The synapse that the k-th E draw of target t made: its row entry in t's VP. Entries for
 * one (source, target) pair sit together in the source's row (rows are sorted by target)
 * in draw order, so the m-th earlier draw of the same source is entry m of that run. */
static float weight_of_draw(const snn_network *net, uint32_t target, int64_t k, uint32_t *scratch) {
    const snn_vp *vp = snn_network_vp_of(net, target);
    if (!vp) return 0.0f; /* another rank's: it adds the weight */
    if (!vp->ee_weight) return snn_static_weight_E(net);
    uint32_t earlier_same = 0;
    const uint32_t source = snn_network_nth_source_E(net, target, k, &earlier_same, scratch);
    const uint32_t j = target / (uint32_t)net->n_vp;
    const snn_row row = snn_row_index_row(&vp->ee_rows, source);
    uint64_t lo = row.begin, hi = row.end;
    while (lo < hi) { /* first entry with target >= j */
        const uint64_t mid = lo + (hi - lo) / 2;
        if (snn_target_at(vp->ee_target, vp->target_width, mid) < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return vp->ee_weight[lo + earlier_same];
}

int snn_weight_sample(const snn_network *net, uint64_t n, float *out) {
    const uint64_t seed = (uint64_t)net->cfg.values.simulation.seed;
    const uint32_t n_E = (uint32_t)net->d.N_E;
    int status = SNN_OK;
#pragma omp parallel num_threads(net->n_local_vp) reduction(| : status)
    {
        uint32_t *scratch = malloc(snn_network_scratch_words(net) * sizeof *scratch);
        if (!scratch) status |= SNN_ERR_NOMEM;
#pragma omp for schedule(dynamic, 64)
        for (uint64_t i = 0; i < n; i++) {
            if (!scratch) continue;
            snn_rng_cursor c;
            snn_rng_cursor_init(&c, seed, SNN_STREAM_WEIGHT_SAMPLE, i);
            const uint32_t target = snn_rng_cursor_below(&c, n_E);
            const int64_t k = snn_rng_cursor_below(&c, (uint32_t)net->d.CE);
            out[i] = weight_of_draw(net, target, k, scratch);
        }
        free(scratch);
    }
    /* each weight comes from the one rank that holds it, the others add 0 (exactly); every
     * rank takes part, even one that ran out of memory, and all agree on the outcome */
    snn_comm_sum_float(&net->comm, out, n);
    return snn_comm_any(&net->comm, status != SNN_OK) ? SNN_ERR_NOMEM : SNN_OK;
}
