/* snn_params: every engine parameter, its unit, default, allowed range and origin.
 *
 * One name per parameter everywhere ("group.key", e.g. "simulation.scale"): on the
 * command line (--set), in scenario files and in HDF5 attributes. Values are checked on
 * entry (snn_config_set) and as a whole (snn_config_validate, cross-parameter rules).
 * Errors are returned as SNN_ERR_* with a message in the caller's buffer that names the
 * parameter and its allowed range.
 */
#ifndef SNN_PARAMS_H
#define SNN_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "snn/error.h"

typedef struct {
    struct {
        double scale;
        int64_t threads; /* per rank */
        int64_t ranks;   /* MPI processes */
        int64_t seed;
        double dt;                /* ms */
        double presimtime;        /* ms */
        double simtime;           /* ms */
        int64_t nrec;             /* recorded E neurons, the first ones; -1 = all */
        int64_t nrec_I;           /* recorded I neurons, the first ones; -1 = all */
        double history_horizon;   /* ms; engine knob, see engine/src/snn/stdp.h */
        int64_t weight_bins;      /* E->E weight histogram */
        double weight_max;        /* pA, upper edge; 0 = 2 J_E */
        int64_t weight_sample;    /* weights sampled at the end, for the dip test */
        double snapshot_interval; /* ms between weight histograms; 0 = phase ends only */
    } simulation;
    struct {
        int64_t CE; /* 0 = the seed's formula int(N_E / scale) */
        int64_t CI; /* 0 = the seed's formula int(N_I / scale) */
        double JE;  /* mV, PSP peak */
        double g;
        double eta;
        double delay;       /* ms */
        int64_t ee_synapse; /* index into snn_ee_synapse_names */
    } network;
    struct {
        double E_L, C_m, tau_m, t_ref, V_th, V_reset, tau_syn_ex, tau_syn_in, tau_minus;
        double V_m_mean, V_m_sigma, I_e;
    } neuron;
    struct {
        double alpha, lambda, mu, tau_plus;
    } stdp;
} snn_params;

typedef enum { SNN_PARAM_REAL, SNN_PARAM_INT } snn_param_kind;
typedef enum { SNN_FROM_DEFAULT, SNN_FROM_SCENARIO, SNN_FROM_SET } snn_param_origin;

typedef struct {
    const char *key;  /* "group.name" */
    const char *unit; /* "" if dimensionless */
    snn_param_kind kind;
    size_t offset; /* into snn_params */
    double def;
    double min, max;            /* allowed range */
    bool min_exclusive;         /* value must be > min rather than >= min */
    const char *meaning;        /* one line */
    const char *const *choices; /* names of the values 0, 1, ... (NULL: a number) */
} snn_param_desc;

/* The E->E synapse models (network.ee_synapse), by NEST's names. */
enum { SNN_EE_STDP_PL, SNN_EE_STATIC, SNN_EE_MODELS };
extern const char *const snn_ee_synapse_names[SNN_EE_MODELS + 1]; /* NULL-terminated */

/* The most parameters the table may hold (checked when the table is compiled). */
#define SNN_MAX_PARAMS 64

/* Parameters the user has set, remembered next to the values. */
typedef struct {
    snn_params values;
    snn_param_origin origin[SNN_MAX_PARAMS];
} snn_config;

size_t snn_param_count(void);
const snn_param_desc *snn_param_at(size_t i);
const snn_param_desc *snn_param_find(const char *key); /* NULL if unknown */

void snn_config_defaults(snn_config *cfg);
double snn_param_get(const snn_params *p, const snn_param_desc *d);

/* Population sizes for a scale: the seed's N_E = int(9000 scale), N_I = int(2250 scale). */
void snn_population_sizes(double scale, int64_t *n_e, int64_t *n_i);

/* The name of a parameter's value where it has named choices, else NULL. */
const char *snn_param_choice_name(const snn_param_desc *d, double value);

/* Set one parameter from text ("12.5", or a choice's name); checks syntax, integrality and
 * range. */
int snn_config_set(snn_config *cfg, const char *key, const char *text, snn_param_origin origin,
                   char *err, size_t errlen);
/* Same from a "key=value" assignment. */
int snn_config_assign(snn_config *cfg, const char *assignment, snn_param_origin origin, char *err,
                      size_t errlen);
/* Rules between parameters (dt divides delay, nrec <= N_E, ...). */
int snn_config_validate(const snn_config *cfg, char *err, size_t errlen);

const char *snn_param_origin_name(snn_param_origin o);

#endif
