/* snn_scenario: a study described in one libconfig file, expanded into points.
 *
 *   name = "stdp-grid";                    # required: names the study folder
 *   description = "...";                   # optional
 *   simulation = { scale = 0.5; };         # base values, engine names in their groups
 *   network = { ... }; neuron = { ... }; stdp = { ... };
 *   sweep = { simulation = { threads = [1, 2]; }; stdp = { lambda = [0.05, 0.1]; }; };
 *   combine = "product";                   # or "zip": lists of equal length, taken in step
 *   repetitions = 1;                       # runs of every point
 *   seeds = "same";                        # or "successive": repetition r uses seed + r
 *
 * Errors name the file and line, the parameter and its allowed range; unknown keys are
 * errors. Command-line overrides (--set) replace base values and sweeps alike.
 */
#ifndef SNN_SCENARIO_H
#define SNN_SCENARIO_H

#include <stddef.h>

#include "snn/params.h"

#define SNN_MAX_SWEEP 16

typedef struct {
    char key[96]; /* "group.name" */
    double *values;
    size_t n_values;
} snn_sweep_axis;

typedef struct {
    char name[128], description[512], path[4096];
    snn_config base;
    snn_sweep_axis axes[SNN_MAX_SWEEP];
    size_t n_axes;
    int zip;         /* combine = "zip" */
    int repetitions; /* >= 1 */
    int successive_seeds;
    char launcher[1024]; /* how its points of several ranks start; "" for the default */
    int executor_slurm;  /* executor = "slurm" */
    /* slurm = { partition; account; qos; time; extra; throttle; exclusive; } ("" or 0: unset) */
    char slurm_partition[128], slurm_account[128], slurm_qos[128], slurm_time[32];
    char slurm_extra[1024];
    int slurm_throttle, slurm_exclusive;
} snn_scenario;

typedef struct {
    snn_config cfg;
    char name[256];  /* file stem: p<index>-<swept values>[-r<repetition>] */
    char label[512]; /* the swept values, for people */
    int repetition;
} snn_point;

int snn_scenario_load(const char *path, snn_scenario *s, char *err, size_t errlen);
/* "key=value" applied to the base, and replacing that key's sweep if any. */
int snn_scenario_override(snn_scenario *s, const char *assignment, char *err, size_t errlen);
/* All points, validated; *points is malloc'ed. */
int snn_scenario_expand(const snn_scenario *s, snn_point **points, size_t *n_points, char *err,
                        size_t errlen);
void snn_scenario_free(snn_scenario *s);

#endif
