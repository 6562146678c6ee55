/* snn_row_index: blocks of 64-bit offsets with narrow per-source starts (see row_index.h). */
#include "snn/row_index.h"

#include <math.h>
#include <stdlib.h>

#include "snn/error.h"

static uint32_t n_blocks(uint32_t n) {
    return (n + SNN_ROW_BLOCK - 1) >> SNN_ROW_BLOCK_BITS;
}

int snn_row_index_init(snn_row_index *ix, uint32_t n) {
    *ix = (snn_row_index){.n = n};
    ix->count = calloc((size_t)n + 1, sizeof *ix->count);
    ix->block = calloc((size_t)n_blocks(n) + 2, sizeof *ix->block);
    return ix->count && ix->block ? SNN_OK : SNN_ERR_NOMEM;
}

static void set_start(snn_row_index *ix, uint32_t source, uint32_t value) {
    switch (ix->width) {
    case 1:
        ((uint8_t *)ix->start)[source] = (uint8_t)value;
        break;
    case 2:
        ((uint16_t *)ix->start)[source] = (uint16_t)value;
        break;
    default:
        ((uint32_t *)ix->start)[source] = value;
    }
}

int snn_row_index_finish_counts(snn_row_index *ix) {
    const uint32_t blocks = n_blocks(ix->n);
    uint64_t fullest = 0, total = 0;
    for (uint32_t b = 0; b < blocks; b++) {
        uint64_t in_block = 0;
        for (uint32_t s = b << SNN_ROW_BLOCK_BITS; s < ix->n && s < (b + 1) << SNN_ROW_BLOCK_BITS;
             s++)
            in_block += ix->count[s];
        ix->block[b] = total;
        total += in_block;
        if (in_block > fullest) fullest = in_block;
    }
    ix->block[blocks] = ix->block[blocks + 1] = total;
    if (fullest > UINT32_MAX) return SNN_ERR_PARAM;
    ix->width = fullest <= UINT8_MAX ? 1 : fullest <= UINT16_MAX ? 2 : 4;
    ix->start = malloc(((size_t)ix->n + 1) * ix->width);
    if (!ix->start) return SNN_ERR_NOMEM;
    uint32_t within = 0;
    for (uint32_t s = 0; s < ix->n; s++) {
        if ((s & (SNN_ROW_BLOCK - 1)) == 0) within = 0;
        set_start(ix, s, within);
        within += ix->count[s];
    }
    set_start(ix, ix->n, within); /* where the last row ends, in a last block that is not full */
    free(ix->count);
    ix->count = NULL;
    return SNN_OK;
}

uint64_t snn_row_index_total(const snn_row_index *ix) {
    return ix->block[n_blocks(ix->n)];
}

void snn_row_index_finish_fill(snn_row_index *ix) {
    /* every start now holds its row's end, which is the next row's start */
    for (uint32_t s = ix->n; s-- > 0;)
        set_start(ix, s, (s & (SNN_ROW_BLOCK - 1)) != 0 ? snn_row_index_start_at(ix, s - 1) : 0);
}

uint64_t snn_row_index_bytes(uint32_t n, unsigned width) {
    return ((uint64_t)n + 1) * width + ((uint64_t)n_blocks(n) + 2) * sizeof(uint64_t);
}

unsigned snn_row_index_expected_width(double mean) {
    /* a block holds about Poisson(64 mean) entries; six standard deviations cover the
     * fullest of millions of blocks */
    const double fullest = SNN_ROW_BLOCK * mean + 6.0 * sqrt(SNN_ROW_BLOCK * mean) + 1.0;
    return fullest <= UINT8_MAX ? 1 : fullest <= UINT16_MAX ? 2 : 4;
}

void snn_row_index_free(snn_row_index *ix) {
    free(ix->count);
    free(ix->block);
    free(ix->start);
    *ix = (snn_row_index){0};
}
