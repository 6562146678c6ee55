/* The neuron update over many neurons at once (the vector paths: AVX2 by hand, AVX-512 by the
 * compiler) against one neuron at a time (the scalar loop), bit for bit: 1003 neurons (not a
 * multiple of four or eight) in random states, some refractory, some above threshold, with
 * random inputs of both signs and a constant current, for 200 steps. Every state variable
 * and every spike flag must match, and spikes, refractory neurons and neurons leaving the
 * refractory period must have occurred. */
#include <stdint.h>
#include <string.h>

#include "snn/iaf_psc_alpha.h"
#include "testing.h"

#define NEURONS 1003
#define STEPS   200

static uint64_t rng_state = 0x243f6a8885a308d3u;

static void randomize(snn_iaf_state *s) {
    for (size_t i = 0; i < NEURONS; i++) {
        s->y3[i] = 25.0 * test_uniform(&rng_state) - 5.0; /* mV from E_L; threshold 20 */
        s->I_ex[i] = 300.0 * test_uniform(&rng_state);
        s->dI_ex[i] = 100.0 * test_uniform(&rng_state);
        s->I_in[i] = -300.0 * test_uniform(&rng_state);
        s->dI_in[i] = -100.0 * test_uniform(&rng_state);
        s->y0[i] = 0.0;
        s->r[i] = test_uniform(&rng_state) < 0.2 ? (int32_t)(test_next_u64(&rng_state) % 20) : 0;
    }
}

static void copy_state(snn_iaf_state *to, const snn_iaf_state *from) {
    memcpy(to->y3, from->y3, NEURONS * sizeof(double));
    memcpy(to->I_ex, from->I_ex, NEURONS * sizeof(double));
    memcpy(to->dI_ex, from->dI_ex, NEURONS * sizeof(double));
    memcpy(to->I_in, from->I_in, NEURONS * sizeof(double));
    memcpy(to->dI_in, from->dI_in, NEURONS * sizeof(double));
    memcpy(to->y0, from->y0, NEURONS * sizeof(double));
    memcpy(to->r, from->r, NEURONS * sizeof(int32_t));
}

static int same_state(const snn_iaf_state *a, const snn_iaf_state *b) {
    int same = 1;
    for (size_t i = 0; i < NEURONS; i++) {
        same &= test_double_bits(a->y3[i]) == test_double_bits(b->y3[i]);
        same &= test_double_bits(a->I_ex[i]) == test_double_bits(b->I_ex[i]);
        same &= test_double_bits(a->dI_ex[i]) == test_double_bits(b->dI_ex[i]);
        same &= test_double_bits(a->I_in[i]) == test_double_bits(b->I_in[i]);
        same &= test_double_bits(a->dI_in[i]) == test_double_bits(b->dI_in[i]);
        same &= test_double_bits(a->y0[i]) == test_double_bits(b->y0[i]);
        same &= a->r[i] == b->r[i];
    }
    return same;
}

int main(void) {
    snn_iaf_propagators p;
    snn_iaf_propagators_init(&p, 0.1, 10.0, 250.0, 0.3258, 0.5, 0.5, 20.0, 0.0, 600.0);
    snn_iaf_state many, one;
    CHECK(snn_iaf_state_alloc(&many, NEURONS) == 0 && snn_iaf_state_alloc(&one, NEURONS) == 0,
          "alloc");
    randomize(&many);
    copy_state(&one, &many);
    static double in_ex[NEURONS], in_in[NEURONS], current[NEURONS];
    static uint8_t spiked_many[NEURONS], spiked_one[NEURONS];
    int same = 1, same_spikes = 1;
    size_t spikes = 0, refractory = 0, released = 0;
    for (int step = 0; step < STEPS; step++) {
        for (size_t i = 0; i < NEURONS; i++) {
            in_ex[i] = test_uniform(&rng_state) < 0.3 ? 400.0 * test_uniform(&rng_state) : 0.0;
            in_in[i] = test_uniform(&rng_state) < 0.1 ? -900.0 * test_uniform(&rng_state) : 0.0;
            current[i] = 50.0 * test_uniform(&rng_state);
            refractory += many.r[i] != 0;
            released += many.r[i] == 1;
        }
        const size_t n_many =
            snn_iaf_update_step(&p, &many, 0, NEURONS, in_ex, in_in, current, spiked_many);
        size_t n_one = 0;
        for (size_t i = 0; i < NEURONS; i++)
            n_one += snn_iaf_update_step(&p, &one, i, i + 1, in_ex, in_in, current, spiked_one);
        same &= same_state(&many, &one) && n_many == n_one;
        same_spikes &= memcmp(spiked_many, spiked_one, NEURONS) == 0;
        spikes += n_many;
    }
    CHECK(same, "every state variable has the one-at-a-time bits over %d steps", STEPS);
    CHECK(same_spikes, "the same spike flags");
    CHECK(spikes > 500 && refractory > 1000 && released > 100,
          "spikes (%zu), refractory neuron-steps (%zu), releases (%zu) occurred", spikes,
          refractory, released);
    snn_iaf_state_free(&many);
    snn_iaf_state_free(&one);
    return test_summary();
}
