/* snn_spike_list: amortised doubling, so a window's spikes cost no allocation once warm. */
#include "snn/spike_list.h"

#include <stdlib.h>

#include "snn/error.h"

int snn_spike_list_push(snn_spike_list *l, snn_spike s) {
    if (l->count == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        snn_spike *bigger = realloc(l->items, cap * sizeof *bigger);
        if (!bigger) return SNN_ERR_NOMEM;
        l->items = bigger;
        l->cap = cap;
    }
    l->items[l->count++] = s;
    return SNN_OK;
}

void snn_spike_list_free(snn_spike_list *l) {
    free(l->items);
    *l = (snn_spike_list){0};
}
