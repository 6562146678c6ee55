/* snn_bigalloc: page-aligned allocations for the large arrays (synapses), asking the
 * kernel for transparent huge pages: fewer page faults while the network is built and
 * fewer TLB misses while it runs. */
#ifndef SNN_BIGALLOC_H
#define SNN_BIGALLOC_H

#include <stddef.h>

void *snn_bigalloc(size_t bytes); /* zeroed; NULL on failure */
void snn_bigfree(void *p, size_t bytes);

#endif
