/* The compact row index against plain 64-bit offsets: for row lengths that call for each
 * width (8, 16 and 32 bits) and for source counts that end inside a block and on its edge,
 * every row's [begin, end) equals the prefix sums, the fill pass hands out each row's entries
 * in order and exactly once, and a block of 2^32 synapses or more is refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"
#include "snn/row_index.h"
#include "testing.h"

/* Row lengths from a small LCG, up to `most` each. */
static uint32_t length_of(uint32_t source, uint32_t most) {
    uint64_t x = (uint64_t)source * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((x >> 33) % ((uint64_t)most + 1));
}

static void check_index(uint32_t n, uint32_t most, unsigned want_width) {
    snn_row_index ix;
    CHECK(snn_row_index_init(&ix, n) == SNN_OK, "init n = %u", n);
    /* count pass: each source as many times as its row is long, interleaved */
    for (uint32_t round = 0; round <= most; round++)
        for (uint32_t s = 0; s < n; s++)
            if (length_of(s, most) > round) snn_row_index_count(&ix, s);
    CHECK(snn_row_index_finish_counts(&ix) == SNN_OK, "finish counts n = %u", n);
    CHECK(ix.width == want_width, "n = %u, rows up to %u: width %u, want %u", n, most, ix.width,
          want_width);
    uint64_t *offset = malloc(((size_t)n + 1) * sizeof *offset);
    offset[0] = 0;
    for (uint32_t s = 0; s < n; s++)
        offset[s + 1] = offset[s] + length_of(s, most);
    CHECK(snn_row_index_total(&ix) == offset[n], "total %llu, want %llu",
          (unsigned long long)snn_row_index_total(&ix), (unsigned long long)offset[n]);
    /* fill pass: entries claimed in the same interleaved order land in their rows, in order */
    uint32_t *owner = malloc(offset[n] * sizeof *owner + 1);
    uint32_t *rank = malloc(offset[n] * sizeof *rank + 1);
    memset(owner, 0xff, offset[n] * sizeof *owner);
    int misplaced = 0;
    for (uint32_t round = 0; round <= most; round++)
        for (uint32_t s = 0; s < n; s++)
            if (length_of(s, most) > round) {
                const uint64_t at = snn_row_index_claim(&ix, s, ix.width);
                if (at != offset[s] + round || owner[at] != UINT32_MAX) misplaced++;
                owner[at] = s, rank[at] = round;
            }
    CHECK(misplaced == 0, "n = %u: %d entries claimed out of place", n, misplaced);
    snn_row_index_finish_fill(&ix);
    int wrong = 0;
    for (uint32_t s = 0; s < n; s++) {
        const snn_row r = snn_row_index_row(&ix, s);
        if (r.begin != offset[s] || r.end != offset[s + 1]) wrong++;
        for (uint64_t k = r.begin; k < r.end && !wrong; k++)
            if (owner[k] != s || rank[k] != k - r.begin) wrong++;
    }
    CHECK(wrong == 0, "n = %u, width %u: %d rows differ from the plain offsets", n, ix.width,
          wrong);
    /* at 8 bits, about 1.1 bytes per source instead of 8 */
    CHECK(ix.width != 1 || snn_row_index_bytes(n, 1) <= n + n / 8 + 32,
          "n = %u: the 8-bit index takes %llu bytes", n,
          (unsigned long long)snn_row_index_bytes(n, 1));
    free(offset);
    free(owner);
    free(rank);
    snn_row_index_free(&ix);
}

int main(void) {
    /* a block of 64 rows of up to 3 entries fits 8 bits; up to 900, 16; up to 4000, 32 */
    const uint32_t sizes[] = {1, 63, 64, 65, 1000, 4096};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_index(sizes[i], 3, 1);
        if (sizes[i] >= 64) {
            check_index(sizes[i], 900, 2);
            check_index(sizes[i], 4000, 4);
        }
    }
    /* one block holding 2^32 entries or more: refused, not wrapped */
    snn_row_index ix;
    CHECK(snn_row_index_init(&ix, 100) == SNN_OK, "init");
    ix.count[3] = UINT32_MAX;
    ix.count[4] = 1;
    CHECK(snn_row_index_finish_counts(&ix) == SNN_ERR_PARAM, "a block of 2^32 entries accepted");
    snn_row_index_free(&ix);
    /* the estimate's width: about 1 synapse per source fits 8 bits, 3000 needs 32 */
    CHECK(snn_row_index_expected_width(1.1) == 1 && snn_row_index_expected_width(30.0) == 2 &&
              snn_row_index_expected_width(3000.0) == 4,
          "expected widths %u %u %u", snn_row_index_expected_width(1.1),
          snn_row_index_expected_width(30.0), snn_row_index_expected_width(3000.0));
    return test_summary();
}
