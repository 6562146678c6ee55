/* snn_row_index: where each source's row starts in a VP's synapse array, in as little as about
 * one byte per source.
 *
 * A VP's rows are indexed by every source of the network, but at scale a VP holds only a few
 * synapses per source (at scale 1000 on 8192 VPs, about 1.4), so 8-byte offsets per source
 * and VP would outweigh the synapses themselves (Kunkel et al. 2014). Sources come in blocks
 * of SNN_ROW_BLOCK: one 64-bit offset per block and, per source, its row's start relative to
 * its block's, in the narrowest width (8, 16 or 32 bits) that holds this VP's fullest block.
 * A lookup is still two loads and no search.
 *
 * Built in two passes over the same draws: snn_row_index_count, once per synapse, into 32-bit
 * counts (the only full-width array, and only before any synapse is stored), then
 * snn_row_index_finish_counts; snn_row_index_claim, once per synapse in the same order,
 * hands out the entries; snn_row_index_finish_fill makes the index final. */
#ifndef SNN_ROW_INDEX_H
#define SNN_ROW_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define SNN_ROW_BLOCK_BITS 6
#define SNN_ROW_BLOCK      (1u << SNN_ROW_BLOCK_BITS)

typedef struct {
    uint32_t n;      /* sources */
    uint32_t *count; /* while counting: n synapses per source, else NULL */
    uint64_t *block; /* n / SNN_ROW_BLOCK + 2: first entry of each block, then the total */
    void *start;     /* n + 1: each row's start relative to its block, width bytes each */
    unsigned width;  /* 1, 2 or 4 */
} snn_row_index;

typedef struct {
    uint64_t begin, end;
} snn_row;

/* Zeroed counts for n sources; SNN_OK or SNN_ERR_NOMEM. */
int snn_row_index_init(snn_row_index *ix, uint32_t n);
static inline void snn_row_index_count(snn_row_index *ix, uint32_t source) {
    ix->count[source]++;
}
/* Counts -> offsets; frees the counts. SNN_OK, SNN_ERR_NOMEM, or SNN_ERR_PARAM where one
 * block of sources holds 2^32 synapses or more in this VP. */
int snn_row_index_finish_counts(snn_row_index *ix);
uint64_t snn_row_index_total(const snn_row_index *ix);

/* The start of `source`'s row relative to its block, for a width known to the caller (a
 * constant there lets the compiler drop the switch from a loop). */
static inline uint32_t snn_row_index_start_w(const snn_row_index *ix, uint32_t source,
                                             unsigned width) {
    switch (width) {
    case 1:
        return ((const uint8_t *)ix->start)[source];
    case 2:
        return ((const uint16_t *)ix->start)[source];
    default:
        return ((const uint32_t *)ix->start)[source];
    }
}
static inline uint32_t snn_row_index_start_at(const snn_row_index *ix, uint32_t source) {
    return snn_row_index_start_w(ix, source, ix->width);
}

/* The row of `source`: entries [begin, end) of the VP's array. */
static inline snn_row snn_row_index_row(const snn_row_index *ix, uint32_t source) {
    const uint64_t *block = ix->block + (source >> SNN_ROW_BLOCK_BITS);
    const uint32_t next = source + 1;
    const snn_row row = {
        block[0] + snn_row_index_start_at(ix, source),
        (next & (SNN_ROW_BLOCK - 1)) != 0 ? block[0] + snn_row_index_start_at(ix, next) : block[1]};
    return row;
}

/* Fill pass, at the index's width: where the next entry of `source`'s row goes (peek), and
 * taking it (claim); the entries of a row are claimed in order. */
static inline uint64_t snn_row_index_peek(const snn_row_index *ix, uint32_t source,
                                          unsigned width) {
    return ix->block[source >> SNN_ROW_BLOCK_BITS] + snn_row_index_start_w(ix, source, width);
}
static inline uint64_t snn_row_index_claim(snn_row_index *ix, uint32_t source, unsigned width) {
    const uint64_t base = ix->block[source >> SNN_ROW_BLOCK_BITS];
    switch (width) {
    case 1:
        return base + ((uint8_t *)ix->start)[source]++;
    case 2:
        return base + ((uint16_t *)ix->start)[source]++;
    default:
        return base + ((uint32_t *)ix->start)[source]++;
    }
}
/* After every entry has been claimed: each start, moved on by its row's length, goes back. */
void snn_row_index_finish_fill(snn_row_index *ix);

/* Bytes of the finished index of n sources at this width. */
uint64_t snn_row_index_bytes(uint32_t n, unsigned width);
/* The width the index of a VP will likely have: its fullest block at `mean` synapses per
 * source, with room for the fluctuation (for the memory estimate). */
unsigned snn_row_index_expected_width(double mean);
void snn_row_index_free(snn_row_index *ix);

#endif
