/* iaf_psc_alpha, exact integration (Rotter & Diesmann 1999), NEST's update order. */
#include "snn/iaf_psc_alpha.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "snn/clones.h"
#include "snn/error.h"

void snn_iaf_channel_init(snn_iaf_channel *c, double h, double tau_m, double C_m, double tau_syn) {
    c->h = h;
    c->tau_m = tau_m;
    c->C_m = C_m;
    c->tau_syn = tau_syn;
    c->P11 = exp(-h / tau_syn);
    c->P22 = c->P11;
    c->P21 = h * c->P11;
    c->psc_initial = M_E / tau_syn;
    if (tau_m == tau_syn) {
        /* beta = tau_s tau_m / (tau_m - tau_s) is infinite: take the limit. */
        c->P32 = h / C_m * exp(-h / tau_m);
        c->P31 = 0.5 * h * h / C_m * exp(-h / tau_m);
    } else {
        const double beta = tau_syn * tau_m / (tau_m - tau_syn);
        const double gamma = beta / C_m;
        c->P32 = gamma * exp(-h / tau_syn) * expm1(h / beta);
        c->P31 = gamma * exp(-h / tau_syn) * (beta * expm1(h / beta) - h);
    }
}

void snn_iaf_propagators_init(snn_iaf_propagators *p, double h, double tau_m, double C_m,
                              double tau_syn_ex, double tau_syn_in, double t_ref, double V_th,
                              double V_reset, double I_e) {
    snn_iaf_channel_init(&p->ex, h, tau_m, C_m, tau_syn_ex);
    snn_iaf_channel_init(&p->in, h, tau_m, C_m, tau_syn_in);
    p->expm1_tau_m = expm1(-h / tau_m);
    p->P30 = -tau_m / C_m * expm1(-h / tau_m);
    p->I_e = I_e;
    p->V_th = V_th;
    p->V_reset = V_reset;
    p->refractory_steps = (int32_t)lround(t_ref / h);
}

void snn_iaf_propagators_from_params(const snn_params *p, snn_iaf_propagators *out) {
    const double h = p->simulation.dt;
    snn_iaf_propagators_init(out, h, p->neuron.tau_m, p->neuron.C_m, p->neuron.tau_syn_ex,
                             p->neuron.tau_syn_in, p->neuron.t_ref, p->neuron.V_th - p->neuron.E_L,
                             p->neuron.V_reset - p->neuron.E_L, p->neuron.I_e);
}

int snn_iaf_state_alloc(snn_iaf_state *s, size_t n) {
    s->n = n;
    double **arrays[] = {&s->y3, &s->I_ex, &s->dI_ex, &s->I_in, &s->dI_in, &s->y0};
    int ok = 1;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        *arrays[i] = calloc(n ? n : 1, sizeof(double));
        ok &= *arrays[i] != NULL;
    }
    s->r = calloc(n ? n : 1, sizeof(int32_t));
    if (!ok || !s->r) {
        snn_iaf_state_free(s);
        return SNN_ERR_NOMEM;
    }
    return SNN_OK;
}

void snn_iaf_state_free(snn_iaf_state *s) {
    free(s->y3), free(s->I_ex), free(s->dI_ex), free(s->I_in), free(s->dI_in), free(s->y0);
    free(s->r);
    *s = (snn_iaf_state){0};
}

/* One step of neurons [0, n) of the arrays, 8 at a time where the CPU has AVX-512 (see
 * snn_iaf_update_step). Selects instead of branches, restrict arrays: what the vectorizer
 * needs; each neuron's arithmetic is the same expressions in the same order as one at a
 * time. */
static inline __attribute__((always_inline)) size_t
update_neurons(const snn_iaf_propagators *p, size_t n, double *restrict y3,
               const double *restrict y0, double *restrict I_ex, double *restrict dI_ex,
               double *restrict I_in, double *restrict dI_in, int32_t *restrict r,
               const double *restrict in_ex, const double *restrict in_in,
               uint8_t *restrict spiked) {
    const snn_iaf_channel ex = p->ex, in = p->in;
    const double P30 = p->P30, I_e = p->I_e, expm1_tau_m = p->expm1_tau_m;
    const double V_th = p->V_th, V_reset = p->V_reset;
    const int32_t refractory_steps = p->refractory_steps;
    size_t n_spikes = 0;
    for (size_t i = 0; i < n; i++) {
        /* 1. membrane, from the state at the start of the step (computed for every neuron,
         * kept where it is not refractory) */
        const double v = P30 * (y0[i] + I_e) + ex.P31 * dI_ex[i] + ex.P32 * I_ex[i] +
                         in.P31 * dI_in[i] + in.P32 * I_in[i] + expm1_tau_m * y3[i] + y3[i];
        const int refractory = r[i] != 0;
        double y = refractory ? y3[i] : v;
        int32_t steps_left = refractory ? r[i] - 1 : 0;
        /* 2. alpha currents, then the input that arrives in this step */
        I_ex[i] = ex.P21 * dI_ex[i] + ex.P22 * I_ex[i];
        dI_ex[i] = dI_ex[i] * ex.P11 + ex.psc_initial * in_ex[i];
        I_in[i] = in.P21 * dI_in[i] + in.P22 * I_in[i];
        dI_in[i] = dI_in[i] * in.P11 + in.psc_initial * in_in[i];
        /* 3. threshold */
        const int fire = y >= V_th;
        r[i] = fire ? refractory_steps : steps_left;
        y3[i] = fire ? V_reset : y;
        spiked[i] = (uint8_t)fire;
        n_spikes += (size_t)fire;
    }
    return n_spikes;
}

/* Built for x86-64-v4 (AVX-512: vectorized), x86-64-v3 and any x86-64, the CPU picks at load
 * time; the same bits either way (ISO C mode, -std=c17, contracts nothing into an FMA). */
SNN_CLONES static size_t update_cloned(const snn_iaf_propagators *p, snn_iaf_state *s, size_t begin,
                                       size_t end, const double *in_ex, const double *in_in,
                                       uint8_t *spiked) {
    return update_neurons(p, end - begin, s->y3 + begin, s->y0 + begin, s->I_ex + begin,
                          s->dI_ex + begin, s->I_in + begin, s->dI_in + begin, s->r + begin,
                          in_ex + begin, in_in + begin, spiked + begin);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define AVX2 __attribute__((target("avx2")))

/* update_neurons four neurons at a time, for CPUs with AVX2 that do not run the x86-64-v4
 * clone: the compiler leaves that loop scalar (it does not vectorize the mix of doubles, 32-bit
 * counters and bytes without AVX-512's masks). Every product and sum is the loop's, in its
 * order, so the bits are the same; the selects are blends. Returns the spikes; *done: the
 * neurons updated (a multiple of four). */
AVX2 static size_t update_four_at_a_time(const snn_iaf_propagators *p, snn_iaf_state *s,
                                         size_t begin, size_t end, const double *in_ex,
                                         const double *in_in, uint8_t *spiked, size_t *done) {
    const snn_iaf_channel ex = p->ex, in = p->in;
    const __m256d P30 = _mm256_set1_pd(p->P30), I_e = _mm256_set1_pd(p->I_e),
                  expm1_tau_m = _mm256_set1_pd(p->expm1_tau_m), V_th = _mm256_set1_pd(p->V_th),
                  V_reset = _mm256_set1_pd(p->V_reset);
    const __m256d ex_P11 = _mm256_set1_pd(ex.P11), ex_P21 = _mm256_set1_pd(ex.P21),
                  ex_P22 = _mm256_set1_pd(ex.P22), ex_P31 = _mm256_set1_pd(ex.P31),
                  ex_P32 = _mm256_set1_pd(ex.P32), ex_psc = _mm256_set1_pd(ex.psc_initial);
    const __m256d in_P11 = _mm256_set1_pd(in.P11), in_P21 = _mm256_set1_pd(in.P21),
                  in_P22 = _mm256_set1_pd(in.P22), in_P31 = _mm256_set1_pd(in.P31),
                  in_P32 = _mm256_set1_pd(in.P32), in_psc = _mm256_set1_pd(in.psc_initial);
    const __m128i refractory_steps = _mm_set1_epi32(p->refractory_steps);
    const __m256i low_halves = _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0);
    size_t n_spikes = 0, i = begin;
    for (; i + 4 <= end; i += 4) {
        const __m256d y0 = _mm256_loadu_pd(s->y0 + i), y3 = _mm256_loadu_pd(s->y3 + i);
        const __m256d I_ex = _mm256_loadu_pd(s->I_ex + i), dI_ex = _mm256_loadu_pd(s->dI_ex + i);
        const __m256d I_in = _mm256_loadu_pd(s->I_in + i), dI_in = _mm256_loadu_pd(s->dI_in + i);
        /* 1. v = P30 (y0 + I_e) + P31 dI_ex + P32 I_ex + P31 dI_in + P32 I_in + expm1 y3 + y3 */
        __m256d v = _mm256_mul_pd(P30, _mm256_add_pd(y0, I_e));
        v = _mm256_add_pd(v, _mm256_mul_pd(ex_P31, dI_ex));
        v = _mm256_add_pd(v, _mm256_mul_pd(ex_P32, I_ex));
        v = _mm256_add_pd(v, _mm256_mul_pd(in_P31, dI_in));
        v = _mm256_add_pd(v, _mm256_mul_pd(in_P32, I_in));
        v = _mm256_add_pd(v, _mm256_mul_pd(expm1_tau_m, y3));
        v = _mm256_add_pd(v, y3);
        const __m128i r = _mm_loadu_si128((const void *)(s->r + i));
        const __m128i refractory =
            _mm_xor_si128(_mm_cmpeq_epi32(r, _mm_setzero_si128()), _mm_set1_epi32(-1));
        const __m256d y =
            _mm256_blendv_pd(v, y3, _mm256_castsi256_pd(_mm256_cvtepi32_epi64(refractory)));
        const __m128i steps_left = _mm_and_si128(refractory, _mm_sub_epi32(r, _mm_set1_epi32(1)));
        /* 2. alpha currents, then this step's input */
        _mm256_storeu_pd(s->I_ex + i,
                         _mm256_add_pd(_mm256_mul_pd(ex_P21, dI_ex), _mm256_mul_pd(ex_P22, I_ex)));
        _mm256_storeu_pd(s->dI_ex + i,
                         _mm256_add_pd(_mm256_mul_pd(dI_ex, ex_P11),
                                       _mm256_mul_pd(ex_psc, _mm256_loadu_pd(in_ex + i))));
        _mm256_storeu_pd(s->I_in + i,
                         _mm256_add_pd(_mm256_mul_pd(in_P21, dI_in), _mm256_mul_pd(in_P22, I_in)));
        _mm256_storeu_pd(s->dI_in + i,
                         _mm256_add_pd(_mm256_mul_pd(dI_in, in_P11),
                                       _mm256_mul_pd(in_psc, _mm256_loadu_pd(in_in + i))));
        /* 3. threshold (false for a NaN, as y >= V_th is) */
        const __m256d fire = _mm256_cmp_pd(y, V_th, _CMP_GE_OQ);
        const __m128i fire32 = _mm256_castsi256_si128(
            _mm256_permutevar8x32_epi32(_mm256_castpd_si256(fire), low_halves));
        _mm_storeu_si128((void *)(s->r + i), _mm_blendv_epi8(steps_left, refractory_steps, fire32));
        _mm256_storeu_pd(s->y3 + i, _mm256_blendv_pd(y, V_reset, fire));
        const unsigned fired = (unsigned)_mm256_movemask_pd(fire);
        const uint32_t bytes = (fired & 1u) | (fired & 2u) << 7 | (fired & 4u) << 14 |
                               (fired & 8u) << 21; /* byte k: bit k, little-endian */
        memcpy(spiked + i, &bytes, sizeof bytes);
        n_spikes += (size_t)__builtin_popcount(fired);
    }
    *done = i - begin;
    return n_spikes;
}
#endif

size_t snn_iaf_update_step(const snn_iaf_propagators *p, snn_iaf_state *s, size_t begin, size_t end,
                           const double *in_ex, const double *in_in, const double *current,
                           uint8_t *spiked) {
    size_t n_spikes = 0, done = 0;
#if defined(__x86_64__) && defined(__GNUC__)
    if (!snn_runs_v4_clones() && __builtin_cpu_supports("avx2"))
        n_spikes = update_four_at_a_time(p, s, begin, end, in_ex, in_in, spiked, &done);
#endif
    n_spikes += update_cloned(p, s, begin + done, end, in_ex, in_in, spiked);
    /* 4. current input of this step, felt from the next step on */
    for (size_t i = begin; i < end; i++)
        s->y0[i] = current ? current[i] : 0.0;
    return n_spikes;
}
