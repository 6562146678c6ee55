/* snn_bigalloc: large arrays straight from mmap, with a transparent-huge-page hint. */
#include "snn/bigalloc.h"

#include <stdint.h>
#include <sys/mman.h>

/* x86-64's huge page. An array of at least this many bytes starts on such a boundary (the
 * mapping is made this much larger and trimmed), so that the kernel can back it with huge
 * pages from its first byte: an array of 2.7 MB placed at random gets one huge page at
 * best, often none. */
#define HUGE_PAGE ((size_t)2 << 20)

void *snn_bigalloc(size_t bytes) {
    if (bytes == 0) bytes = 1;
    const size_t slack = bytes >= HUGE_PAGE ? HUGE_PAGE : 0;
    char *mapped =
        mmap(NULL, bytes + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) return NULL;
    char *p = mapped;
    if (slack) { /* keep [p, p + bytes) from the first boundary, unmap the rest */
        p = (char *)(((uintptr_t)mapped + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        const size_t page = 4096, kept = (bytes + page - 1) / page * page;
        if (p > mapped) munmap(mapped, (size_t)(p - mapped));
        if (mapped + bytes + slack > p + kept)
            munmap(p + kept, (size_t)(mapped + bytes + slack - (p + kept)));
    }
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint; fine if refused */
    return p;
}

void snn_bigfree(void *p, size_t bytes) {
    if (p) munmap(p, bytes ? bytes : 1);
}
