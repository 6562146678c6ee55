/* snn_stdp_post_steps (eight neurons at a time where the CPU has AVX-512, four with AVX2) against
 * snn_stdp_post_step one neuron after another, bit for bit: 1003 neurons (not a multiple of
 * eight) firing at random rates, some never, some silent for longer than the decay table
 * covers, over SNN_DECAY_TABLE + 2000 steps, into rings of SPAN rows of traces as the engine
 * keeps them (so that an older-stamp row left unwritten where the rule must write it shows);
 * every step's row, and the neurons' recent spikes and histories must be the same. Each case
 * must occur. */
#include <stdint.h>
#include <string.h>

#include "snn/stdp.h"
#include "testing.h"

#define NEURONS 1003
#define STEPS   (SNN_DECAY_TABLE + 2000) /* past the decay table for neurons silent since 500 */
#define SPAN    30 /* the ring's steps: older stamps unchanged over them are not written */

static uint64_t rng_state = 0x243f6a8885a308d3u;

int main(void) {
    snn_stdp rule;
    snn_stdp_init(&rule, 0.1, 0.0513, 0.4, 15.0, 30.0, 0.1, SPAN / 2);
    static snn_stdp_recent recent[2][NEURONS];
    static snn_stdp_history history[2][NEURONS];
    static snn_stdp_post_trace out[2][SPAN][NEURONS];
    static snn_stdp_post_older older[2][SPAN][NEURONS];
    static uint8_t spiked[NEURONS];
    static double rate[NEURONS];
    for (int v = 0; v < 2; v++)
        for (uint32_t j = 0; j < NEURONS; j++) {
            recent[v][j] = snn_stdp_recent_none();
            CHECK(snn_stdp_history_init(&history[v][j], 4) == 0, "history");
            for (int row = 0; row < SPAN; row++)
                older[v][row][j] = snn_stdp_post_older_none();
        }
    /* a tenth silent, a tenth spiking only in the first 500 steps */
    for (uint32_t j = 0; j < NEURONS; j++) {
        const double u = test_uniform(&rng_state);
        rate[j] = u < 0.1 ? 0.0 : u < 0.2 ? -1.0 : 0.03 * test_uniform(&rng_state);
    }
    unsigned differ = 0, spikes = 0, beyond_table = 0, older_written = 0, never = 0;
    for (int32_t stamp = 1; stamp <= STEPS; stamp++) {
        for (uint32_t j = 0; j < NEURONS; j++) {
            const double r = rate[j] < 0 ? (stamp < 500 ? 0.02 : 0.0) : rate[j];
            spiked[j] = test_uniform(&rng_state) < r;
            spikes += spiked[j];
            beyond_table +=
                recent[0][j].latest != INT32_MIN && stamp - recent[0][j].latest >= SNN_DECAY_TABLE;
            never += recent[0][j].latest == INT32_MIN;
        }
        const int32_t forget = stamp - 200, unchanged = stamp - SPAN;
        const int row = stamp % SPAN;
        for (uint32_t j = 0; j < NEURONS; j++) {
            const int write = spiked[j] || recent[0][j].latest > unchanged;
            older_written += write;
            CHECK(snn_stdp_post_step(&recent[0][j], &history[0][j], &rule, stamp, spiked[j], forget,
                                     &out[0][row][j], write ? &older[0][row][j] : NULL) == 0,
                  "post step");
        }
        CHECK(snn_stdp_post_steps(&rule, recent[1], history[1], spiked, NEURONS, stamp, forget,
                                  unchanged, out[1][row], older[1][row]) == 0,
              "post steps");
        differ += memcmp(out[0][row], out[1][row], sizeof out[0][row]) != 0;
        differ += memcmp(older[0][row], older[1][row], sizeof older[0][row]) != 0;
        differ += memcmp(recent[0], recent[1], sizeof recent[0]) != 0;
        for (uint32_t j = 0; j < NEURONS; j++) {
            const snn_stdp_history *a = &history[0][j], *b = &history[1][j];
            int same = a->count == b->count && a->third == b->third && a->fourth == b->fourth &&
                       a->fifth == b->fifth && a->sixth == b->sixth;
            for (uint32_t i = 0; same && i < a->count; i++)
                same = a->stamps[(a->start + i) & (a->cap - 1)] ==
                       b->stamps[(b->start + i) & (b->cap - 1)];
            differ += !same;
        }
    }
    CHECK(differ == 0, "%u steps or histories differ", differ);
    printf("spikes %u, neuron steps beyond the decay table %u, never spiked %u, older stamps "
           "written %u\n",
           spikes, beyond_table, never, older_written);
    CHECK(spikes > 10000 && beyond_table > 10000 && never > 10000 && older_written > 10000,
          "cases: spikes %u, beyond the table %u, never spiked %u, older written %u", spikes,
          beyond_table, never, older_written);
    for (int v = 0; v < 2; v++)
        for (uint32_t j = 0; j < NEURONS; j++)
            snn_stdp_history_free(&history[v][j]);
    return test_summary();
}
