/* snn_spike_list: a growing list of spikes, each an integer stamp and a gid. */
#ifndef SNN_SPIKE_LIST_H
#define SNN_SPIKE_LIST_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int32_t stamp; /* end of the emitting step, in steps */
    uint32_t gid;
} snn_spike;

typedef struct {
    snn_spike *items;
    size_t count, cap;
} snn_spike_list;

int snn_spike_list_push(snn_spike_list *l, snn_spike s); /* SNN_OK or SNN_ERR_NOMEM */
void snn_spike_list_free(snn_spike_list *l);

#endif
