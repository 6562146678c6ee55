/* The Monte Carlo table behind snn_dip_p_value (generated: src/dip_table.c). */
#ifndef SNN_DIP_TABLE_H
#define SNN_DIP_TABLE_H

#include <stddef.h>

#define SNN_DIP_TABLE_ROWS 22
#define SNN_DIP_TABLE_COLS 107

extern const size_t snn_dip_table_sizes[SNN_DIP_TABLE_ROWS];
extern const double snn_dip_table_probs[SNN_DIP_TABLE_COLS];
extern const double snn_dip_table_quantiles[SNN_DIP_TABLE_ROWS][SNN_DIP_TABLE_COLS];

#endif
