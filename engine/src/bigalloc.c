/* snn_bigalloc: large arrays straight from mmap, with a transparent-huge-page hint. */
#include "snn/bigalloc.h"

#include <sys/mman.h>

void *snn_bigalloc(size_t bytes) {
    if (bytes == 0) bytes = 1;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint; fine if refused */
    return p;
}

void snn_bigfree(void *p, size_t bytes) {
    if (p) munmap(p, bytes ? bytes : 1);
}
