/* Fuzz target: `--set KEY=VALUE` assignments, one per line, through the parameter table,
 * the rules between parameters and the derived-quantity checks. Invariant: a configuration
 * that passes every check has finite derived quantities and a finite memory estimate. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snn/derived.h"
#include "snn/error.h"
#include "snn/iaf_psc_alpha.h"
#include "snn/params.h"
#include "snn/simulation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char text[1024];
    if (size >= sizeof text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    snn_config cfg;
    snn_config_defaults(&cfg);
    char err[2048];
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (snn_config_assign(&cfg, line, SNN_FROM_SET, err, sizeof err) != SNN_OK) return 0;
    if (snn_config_validate(&cfg, err, sizeof err) != SNN_OK) return 0;
    snn_derived d;
    snn_derive(&cfg, &d);
    if (snn_derived_check(&cfg, &d, err, sizeof err) != SNN_OK) return 0;
    const double estimate = (double)snn_simulation_memory_bytes(&cfg);
    snn_iaf_propagators q;
    snn_iaf_propagators_from_params(&cfg.values, &q);
    if (!isfinite(d.J_E_pA) || !isfinite(d.poisson_mean) || !isfinite(q.ex.P31) || !(estimate > 0))
        abort();
    return 0;
}
