/* Helpers shared by the network tests: configure, build and run a network in-process. */
#ifndef SNN_NETWORK_FIXTURE_H
#define SNN_NETWORK_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "snn/network.h"

/* Applies "key=value" assignments to the defaults; exits on a bad one (a test bug). */
static inline snn_config fixture_config(const char *const *assignments) {
    snn_config cfg;
    snn_config_defaults(&cfg);
    char err[512];
    for (; *assignments; assignments++)
        if (snn_config_assign(&cfg, *assignments, SNN_FROM_SET, err, sizeof err) != 0) {
            fprintf(stderr, "fixture: %s\n", err);
            exit(2);
        }
    if (snn_config_validate(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "fixture: %s\n", err);
        exit(2);
    }
    return cfg;
}

/* create + connect + presim + sim; exits on failure */
static inline void fixture_run(snn_network *net, const snn_config *cfg, int simulate) {
    char err[512];
    if (snn_network_create(net, cfg, err, sizeof err) ||
        snn_network_connect(net, err, sizeof err) ||
        (simulate && (snn_network_simulate(net, net->d.presim_steps, err, sizeof err) ||
                      snn_network_simulate(net, net->d.sim_steps, err, sizeof err)))) {
        fprintf(stderr, "fixture: %s\n", err);
        exit(2);
    }
}

#endif
