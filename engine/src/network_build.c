/* Building the network: neurons (nodes) and fixed-indegree connectivity (edges).
 *
 * Every VP draws the sources of its own targets from a counter-based stream keyed by the
 * target's gid, so the network does not depend on the number of VPs. Two passes over the
 * same draws, no edge list: the first counts synapses per source, the second fills the
 * CSR rows. Targets are visited in increasing order, so every row is sorted by target. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "snn/bigalloc.h"
#include "snn/error.h"
#include "snn/memory_estimate.h"
#include "snn/models.h"
#include "snn/network.h"
#include "snn/rng.h"
#include "snn/weights.h"

static int vp_create(snn_network *net, snn_vp *vp) {
    const snn_derived *d = &net->d;
    vp->n_local = snn_count_local((uint64_t)d->N, vp->id, net->n_vp);
    vp->n_local_E = snn_count_local((uint64_t)d->N_E, vp->id, net->n_vp);
    vp->neurons = net->neuron->create(&net->cfg.values, vp->n_local);
    vp->spiked = calloc(vp->n_local + 1, 1);
    if (!vp->neurons || !vp->spiked) return SNN_ERR_NOMEM;

    const snn_params *p = &net->cfg.values;
    for (uint32_t j = 0; j < vp->n_local; j++)
        net->neuron->set_potential(vp->neurons, j,
                                   snn_rng_normal((uint64_t)p->simulation.seed,
                                                  SNN_STREAM_INITIAL_VM, snn_vp_gid(net, vp, j),
                                                  p->neuron.V_m_mean, p->neuron.V_m_sigma));
    return SNN_OK;
}

int snn_network_create(snn_network *net, const snn_config *cfg, char *err, size_t errlen) {
    const snn_comm one = {.rank = 0, .size = 1, .node_size = 1, .mpi = 0};
    return snn_network_create_on(net, cfg, &one, err, errlen);
}

int snn_network_create_on(snn_network *net, const snn_config *cfg, const snn_comm *comm, char *err,
                          size_t errlen) {
    memset(net, 0, sizeof *net);
    net->cfg = *cfg;
    snn_derive(cfg, &net->d);
    const snn_params *p = &cfg->values;
    net->comm = *comm;
    net->n_local_vp = (int)p->simulation.threads;
    net->n_vp = net->n_local_vp * comm->size;
    if (net->d.N > (int64_t)UINT32_MAX) {
        snprintf(err, errlen, "simulation.scale = %g: %lld neurons exceed the 2^32 gid range",
                 p->simulation.scale, (long long)net->d.N);
        return SNN_ERR_PARAM;
    }
    net->neuron = snn_models_neuron(p);
    net->ee = snn_models_ee_synapse(p);
    net->vps = calloc((size_t)net->n_local_vp, sizeof *net->vps);
    net->rank_counts = calloc((size_t)comm->size, sizeof *net->rank_counts);
    if (!net->vps || !net->rank_counts || (net->ee->create && net->ee->create(net) != SNN_OK))
        goto nomem;
    snn_poisson_table_init(&net->poisson, net->d.poisson_mean);
    int status = SNN_OK;
#pragma omp parallel num_threads(net->n_local_vp) reduction(| : status)
    {
        snn_vp *vp = &net->vps[omp_get_thread_num()];
        vp->id = comm->rank + comm->size * omp_get_thread_num(); /* NEST's assignment */
        status |= vp_create(net, vp);
    }
    if (status != SNN_OK) goto nomem;
    return SNN_OK;
nomem:
    snprintf(err, errlen, "out of memory creating %lld neurons", (long long)net->d.N);
    return SNN_ERR_NOMEM;
}

/* The rings of input, excitatory then inhibitory: [2 delay][n_local] sums each. */
static size_t ring_sums(const snn_network *net, const snn_vp *vp) {
    return 2 * (size_t)net->d.delay_steps * vp->n_local + 1;
}

/* Both rings, one allocation. */
static size_t ring_bytes(const snn_network *net, const snn_vp *vp) {
    return 2 * ring_sums(net, vp) * sizeof(double);
}

/* What the VP writes every step besides its neurons: the rings of input, the Poisson
 * words, the synapse model's postsynaptic traces and histories. Allocated after the
 * synapses, by the VP's own thread: the synapses' huge pages make the kernel compact
 * memory, which moves pages allocated before them, and the first writes to moved pages were
 * measured slow (5 ms per window over the first two windows at scale 1 on this project's
 * machines). The rings (5.4 MB at scale 1, one allocation) in huge pages too: each step
 * touches a row of them and each spike a row, at random over the window. They are written
 * once here, so that the kernel clears their pages now, for this thread, rather than in the
 * first steps (where a neuron's read of a row maps the shared zero page and the step's
 * clearing write then copies a huge page: about 10 ms of the seed's 270 ms presim). */
static int vp_prepare(snn_network *net, snn_vp *vp) {
    vp->ring_ex = snn_bigalloc(ring_bytes(net, vp));
    vp->ring_in = vp->ring_ex ? vp->ring_ex + ring_sums(net, vp) : NULL;
    vp->poisson_words = malloc((4 * (size_t)vp->n_local + 1) * sizeof *vp->poisson_words);
    vp->poisson_block = -1;
    if (!vp->ring_ex || !vp->ring_in || !vp->poisson_words) return SNN_ERR_NOMEM;
    memset(vp->ring_ex, 0, ring_bytes(net, vp));
    if (net->ee->vp_create && net->ee->vp_create(net, vp) != SNN_OK) return SNN_ERR_NOMEM;
    return SNN_OK;
}

/* Blocks drawn ahead for one target: its draws' worth and some to spare for the rare
 * redraws (an autapse, about once per target; a rejection in Lemire's method, 2e-6 per draw). */
#define SPARE_BLOCKS 4

/* Lemire's method on a word, as snn_rng_cursor_below: the source, or UINT32_MAX when the word
 * must be rejected (m's low word below 2^32 mod n). */
static inline uint32_t source_of_word(uint32_t word, uint32_t n, uint32_t threshold) {
    const uint64_t m = (uint64_t)word * n;
    return (uint32_t)m < threshold ? UINT32_MAX : (uint32_t)(m >> 32);
}

/* The sources of one target from one population, in draw order: the same sequence in both
 * passes, for any number of VPs, and as a cursor over the stream gives it
 * (snn_network_nth_source_E). The blocks come in bulk (snn_rng_blocks_by_index, several per
 * instruction); their words then go through the same rejections in the same order.
 * `blocks` has room for count / 4 + 1 + SPARE_BLOCKS blocks. */
static void draw_sources(uint64_t seed, snn_stream stream, uint32_t target, uint32_t first,
                         uint32_t n, int64_t count, uint32_t *sources, snn_rng_planes blocks) {
    const uint32_t threshold = (uint32_t)(-n) % n;
    uint32_t n_blocks = (uint32_t)(count / 4) + 1 + SPARE_BLOCKS;
    snn_rng_blocks_by_index(seed, stream, target, 0, n_blocks, blocks);
    uint32_t stored;
    uint64_t next_block = n_blocks, word = /* word u is word u % 4 of block u / 4 */
                                    snn_rng_below_from_blocks(blocks, n_blocks, n, first, target,
                                                              sources, (uint32_t)count, &stored);
    for (int64_t k = stored; k < count;) {
        if (word == 4 * (uint64_t)n_blocks) { /* spares spent: the next blocks */
            n_blocks = SPARE_BLOCKS;
            snn_rng_blocks_by_index(seed, stream, target, next_block, n_blocks, blocks);
            next_block += n_blocks, word = 0;
        }
        const uint32_t s = source_of_word(blocks.w[word & 3][word >> 2], n, threshold);
        word++;
        if (s != UINT32_MAX && first + s != target) sources[k++] = first + s;
    }
}

/* Scratch of one thread: the sources of one population, then the four planes of the blocks
 * they come from (draw_sources). */
static size_t most_draws(const snn_derived *d) {
    return (size_t)(d->CE > d->CI ? d->CE : d->CI);
}
static size_t plane_blocks(const snn_derived *d) {
    return most_draws(d) / 4 + 1 + SPARE_BLOCKS;
}

static size_t scratch_words(const snn_derived *d) {
    return most_draws(d) + 4 * plane_blocks(d);
}

size_t snn_network_scratch_words(const snn_network *net) {
    return scratch_words(&net->d);
}

static snn_rng_planes scratch_planes(const snn_derived *d, uint32_t *scratch) {
    return snn_rng_planes_in(scratch + most_draws(d), plane_blocks(d));
}

uint32_t snn_network_nth_source_E(const snn_network *net, uint32_t target, int64_t k,
                                  uint32_t *earlier_same, uint32_t *scratch) {
    draw_sources((uint64_t)net->cfg.values.simulation.seed, SNN_STREAM_SOURCES_E, target, 0,
                 (uint32_t)net->d.N_E, k + 1, scratch, scratch_planes(&net->d, scratch));
    const uint32_t source = scratch[k];
    uint32_t same = 0;
    for (int64_t i = 0; i < k; i++)
        same += scratch[i] == source;
    *earlier_same = same;
    return source;
}

typedef enum { COUNT, FILL } pass_kind;

/* Ahead of the stores, touch the places they go: the rows are scattered over the whole
 * synapse array, and overlapping these misses is what makes the fill pass fast. */
#define PREFETCH_AHEAD 16

/* One width of the index and of the targets at a time, so that the loop is as tight as with
 * plain offsets and one array type. */
static inline __attribute__((always_inline)) void
fill_entries(const uint32_t *sources, int64_t count, snn_row_index *rows, void *targets,
             uint32_t target, unsigned width, unsigned target_width) {
    char *base = targets;
    for (int64_t k = 0; k < count; k++) {
        if (k + PREFETCH_AHEAD < count)
            __builtin_prefetch(base + snn_row_index_peek(rows, sources[k + PREFETCH_AHEAD], width) *
                                          target_width,
                               1);
        const uint64_t at = snn_row_index_claim(rows, sources[k], width);
        if (target_width == 2)
            ((uint16_t *)targets)[at] = (uint16_t)target;
        else
            ((uint32_t *)targets)[at] = target;
    }
}

static inline __attribute__((always_inline)) void fill_at_width(const uint32_t *sources,
                                                                int64_t count, snn_row_index *rows,
                                                                void *targets, uint32_t target,
                                                                unsigned target_width) {
    switch (rows->width) {
    case 1:
        fill_entries(sources, count, rows, targets, target, 1, target_width);
        break;
    case 2:
        fill_entries(sources, count, rows, targets, target, 2, target_width);
        break;
    default:
        fill_entries(sources, count, rows, targets, target, 4, target_width);
    }
}

static inline __attribute__((always_inline)) void
add_row_entries(const uint32_t *sources, int64_t count, snn_row_index *rows, pass_kind pass,
                void *targets, unsigned target_width, uint32_t target) {
    if (pass == COUNT) {
        for (int64_t k = 0; k < count; k++)
            snn_row_index_count(rows, sources[k]);
    } else if (target_width == 2) {
        fill_at_width(sources, count, rows, targets, target, 2);
    } else {
        fill_at_width(sources, count, rows, targets, target, 4);
    }
}

static void connect_pass(const snn_network *net, snn_vp *vp, pass_kind pass, uint32_t *scratch) {
    const snn_derived *d = &net->d;
    const uint64_t seed = (uint64_t)net->cfg.values.simulation.seed;
    uint32_t *sources = scratch;
    const snn_rng_planes words = scratch_planes(d, scratch);
    const unsigned tw = vp->target_width;
    for (uint32_t j = 0; j < vp->n_local; j++) {
        const uint32_t target = snn_vp_gid(net, vp, j);
        draw_sources(seed, SNN_STREAM_SOURCES_E, target, 0, (uint32_t)d->N_E, d->CE, sources,
                     words);
        if (j < vp->n_local_E)
            add_row_entries(sources, d->CE, &vp->ee_rows, pass, vp->ee_target, tw, j);
        else
            add_row_entries(sources, d->CE, &vp->static_rows, pass, vp->static_target, tw, j);
        draw_sources(seed, SNN_STREAM_SOURCES_I, target, (uint32_t)d->N_E, (uint32_t)d->N_I, d->CI,
                     sources, words);
        add_row_entries(sources, d->CI, &vp->static_rows, pass, vp->static_target, tw, j);
    }
}

/* First pass: count every source's synapses in this VP, and size the index. */
static int vp_count(snn_network *net, snn_vp *vp, uint32_t *scratch) {
    int status = snn_row_index_init(&vp->ee_rows, (uint32_t)net->d.N_E);
    if (status == SNN_OK) status = snn_row_index_init(&vp->static_rows, (uint32_t)net->d.N);
    if (status != SNN_OK) return status;
    connect_pass(net, vp, COUNT, scratch);
    status = snn_row_index_finish_counts(&vp->ee_rows);
    return status == SNN_OK ? snn_row_index_finish_counts(&vp->static_rows) : status;
}

/* Second pass: the same draws, stored as targets. Where the model stores a weight, every
 * E->E synapse starts at J_E (as a float): one sequential sweep, not a store per draw. */
static int vp_fill(snn_network *net, snn_vp *vp, uint32_t *scratch) {
    vp->n_ee = snn_row_index_total(&vp->ee_rows);
    vp->n_static = snn_row_index_total(&vp->static_rows);
    vp->target_width = snn_target_width(vp->n_local, net->wide_targets);
    vp->ee_target = snn_bigalloc(vp->n_ee * vp->target_width);
    if (net->ee->stores_weight) vp->ee_weight = snn_bigalloc(vp->n_ee * sizeof *vp->ee_weight);
    vp->static_target = snn_bigalloc(vp->n_static * vp->target_width);
    if (!vp->ee_target || (net->ee->stores_weight && !vp->ee_weight) || !vp->static_target)
        return SNN_ERR_NOMEM;
    if (vp->ee_weight) {
        const float J_E = snn_static_weight_E(net); /* as the as-built snapshot counts it */
        for (uint64_t k = 0; k < vp->n_ee; k++)
            vp->ee_weight[k] = J_E;
    }
    vp->weights_as_built = 1;
    connect_pass(net, vp, FILL, scratch);
    snn_row_index_finish_fill(&vp->ee_rows);
    snn_row_index_finish_fill(&vp->static_rows);
    return SNN_OK;
}

int snn_network_connect(snn_network *net, char *err, size_t errlen) {
    int status = SNN_OK;
#pragma omp parallel num_threads(net->n_local_vp) reduction(| : status)
    {
        snn_vp *vp = &net->vps[omp_get_thread_num()];
        uint32_t *scratch = malloc(scratch_words(&net->d) * sizeof *scratch);
        status |= scratch ? vp_count(net, vp, scratch) : SNN_ERR_NOMEM;
        /* every VP's full-width counts are gone before any VP stores a synapse: the peak
         * is the synapses, not the synapses plus the counts */
#pragma omp barrier
        if (status == SNN_OK) status |= vp_fill(net, vp, scratch);
        free(scratch);
        if (status == SNN_OK) status |= vp_prepare(net, vp);
    }
    if (status == SNN_ERR_PARAM) {
        snprintf(err, errlen,
                 "%d VPs for %llu synapses: a VP would hold 2^32 or more synapses from one block "
                 "of %u sources; use more threads or ranks",
                 net->n_vp, (unsigned long long)net->d.synapses, SNN_ROW_BLOCK);
        return SNN_ERR_PARAM;
    }
    if (status != SNN_OK) {
        snprintf(err, errlen,
                 "out of memory for this rank's share of the %llu synapses (%.2f GB needed on "
                 "this rank)",
                 (unsigned long long)net->d.synapses,
                 (double)snn_network_memory_estimate(&net->cfg, &net->d, net->n_local_vp,
                                                     net->comm.size) /
                     1e9);
        return SNN_ERR_NOMEM;
    }
    return SNN_OK;
}

static void vp_free(const snn_network *net, snn_vp *vp) {
    if (net->neuron) net->neuron->destroy(vp->neurons);
    if (net->ee && net->ee->vp_destroy) net->ee->vp_destroy(net, vp);
    free(vp->spiked);
    snn_bigfree(vp->ee_weight, vp->n_ee * sizeof *vp->ee_weight);
    snn_bigfree(vp->ee_target, vp->n_ee * vp->target_width);
    snn_bigfree(vp->static_target, vp->n_static * vp->target_width);
    snn_row_index_free(&vp->ee_rows);
    snn_row_index_free(&vp->static_rows);
    snn_bigfree(vp->ring_ex, ring_bytes(net, vp)); /* ring_in with it */
    free(vp->poisson_words);
    snn_spike_list_free(&vp->spikes);
}

void snn_network_free(snn_network *net) {
    if (net->vps)
        for (int v = 0; v < net->n_local_vp; v++)
            vp_free(net, &net->vps[v]);
    free(net->vps);
    free(net->rank_counts);
    snn_spike_list_free(&net->rank_spikes);
    snn_spike_list_free(&net->all_spikes);
    if (net->ee && net->ee->destroy) net->ee->destroy(net);
    snn_spike_list_free(&net->window);
    snn_spike_list_free(&net->recorded);
    snn_spike_list_free(&net->recorded_I);
    memset(net, 0, sizeof *net);
}

uint64_t snn_network_events(const snn_network *net) {
    uint64_t sum = 0; /* this rank's */
    for (int v = 0; v < net->n_local_vp; v++)
        sum += net->vps[v].events;
    return sum;
}

uint64_t snn_network_local_synapses(const snn_network *net) {
    uint64_t sum = 0;
    for (int v = 0; v < net->n_local_vp; v++)
        sum += net->vps[v].n_ee + net->vps[v].n_static;
    return sum;
}

uint64_t snn_network_local_neurons(const snn_network *net) {
    uint64_t sum = 0;
    for (int v = 0; v < net->n_local_vp; v++)
        sum += net->vps[v].n_local;
    return sum;
}

uint64_t snn_network_synapse_bytes(const snn_network *net) {
    const size_t weight = net->ee->stores_weight ? sizeof(float) : 0;
    uint64_t sum = 0;
    for (int v = 0; v < net->n_local_vp; v++) {
        const snn_vp *vp = &net->vps[v];
        sum += vp->n_ee * (vp->target_width + weight) + vp->n_static * vp->target_width;
    }
    return sum;
}

uint64_t snn_network_recorded_between(const snn_network *net, int64_t from, int64_t to) {
    uint64_t n = 0;
    for (size_t i = 0; i < net->recorded.count; i++)
        n += net->recorded.items[i].stamp > from && net->recorded.items[i].stamp <= to;
    return n;
}

void snn_network_each_synapse(const snn_network *net, snn_synapse_visitor visit, void *ctx) {
    const uint32_t n_E = (uint32_t)net->d.N_E, n = (uint32_t)net->d.N;
    const float J_E = (float)net->d.J_E_pA; /* an E->E synapse that stores no weight */
    for (int v = 0; v < net->n_local_vp; v++) {
        const snn_vp *vp = &net->vps[v];
        for (uint32_t s = 0; s < n_E; s++)
            for (uint64_t k = snn_row_index_row(&vp->ee_rows, s).begin,
                          end = snn_row_index_row(&vp->ee_rows, s).end;
                 k < end; k++)
                visit(ctx, s,
                      snn_vp_gid(net, vp, snn_target_at(vp->ee_target, vp->target_width, k)),
                      vp->ee_weight ? vp->ee_weight[k] : J_E, vp->ee_weight != NULL);
        for (uint32_t s = 0; s < n; s++) {
            const float w = (float)(s < n_E ? net->d.J_E_pA : net->d.J_I_pA);
            for (uint64_t k = snn_row_index_row(&vp->static_rows, s).begin,
                          end = snn_row_index_row(&vp->static_rows, s).end;
                 k < end; k++)
                visit(ctx, s,
                      snn_vp_gid(net, vp, snn_target_at(vp->static_target, vp->target_width, k)), w,
                      0);
        }
    }
}
