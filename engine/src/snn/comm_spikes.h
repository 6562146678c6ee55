/* snn_comm_spikes: the window's spike exchange between ranks (the engine's side of comm.h). */
#ifndef SNN_COMM_SPIKES_H
#define SNN_COMM_SPIKES_H

#include <stddef.h>

#include "snn/comm.h"
#include "snn/spike_list.h"

/* Every rank's spikes of a window, rank after rank into all; counts[r] per rank. *waited
 * gets the seconds of the first step, the exchange of counts: a handful of bytes, so its
 * time is that of waiting for the slowest rank to arrive. */
int snn_comm_spikes_allgather(const snn_comm *c, const snn_spike_list *mine, snn_spike_list *all,
                              size_t *counts, double *waited);

#endif
