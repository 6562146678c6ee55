/* snn_stdp: the stdp_pl_synapse_hom rule on integer stamps (model.md section 3); see the
 * header for the bounded-history scheme. */
#include "snn/stdp.h"

#include <stdlib.h>
#include <string.h>

#include "snn/error.h"

void snn_stdp_init(snn_stdp *p, double lambda, double alpha, double mu, double tau_plus,
                   double tau_minus, double dt, int32_t delay_steps) {
    p->lambda = lambda;
    p->alpha = alpha;
    p->mu = mu;
    p->tau_plus = tau_plus;
    p->tau_minus = tau_minus;
    p->dt = dt;
    p->delay = delay_steps;
    snn_pow_mu_init(&p->w_pow_mu, mu);
    for (int k = 0; k < SNN_DECAY_TABLE; k++) {
        p->decay_plus[k] = exp(-(double)k * dt / tau_plus);
        p->decay_minus[k] = exp(-(double)k * dt / tau_minus);
    }
}

void snn_stdp_pre_init(const snn_stdp *p, snn_stdp_pre *pre) {
    pre->kplus = 0.0;
    pre->t_last = 0;
    pre->done_through = -p->delay;
}

void snn_stdp_pre_spiked(const snn_stdp *p, snn_stdp_pre *pre, int32_t t) {
    /* Kplus = Kplus exp((t_last - t) / tau_plus) + 1 */
    pre->kplus =
        pre->kplus * snn_stdp_decay(p->decay_plus, p->tau_plus, p->dt, t - pre->t_last) + 1.0;
    pre->t_last = t;
    pre->done_through = t - p->delay;
}

int snn_stdp_history_init(snn_stdp_history *h, uint32_t capacity) {
    *h = (snn_stdp_history){.cap = capacity,
                            .third = INT32_MIN,
                            .fourth = INT32_MIN,
                            .fifth = INT32_MIN,
                            .sixth = INT32_MIN};
    h->stamps = malloc(capacity * sizeof *h->stamps);
    return h->stamps ? SNN_OK : SNN_ERR_NOMEM;
}

void snn_stdp_history_free(snn_stdp_history *h) {
    free(h->stamps);
    *h = (snn_stdp_history){0};
}

static inline int32_t stamp_at(const snn_stdp_history *h, uint32_t i) {
    return h->stamps[(h->start + i) & (h->cap - 1)];
}

static int grow(snn_stdp_history *h) {
    int32_t *bigger = malloc(2 * (size_t)h->cap * sizeof *bigger);
    if (!bigger) return SNN_ERR_NOMEM;
    for (uint32_t i = 0; i < h->count; i++)
        bigger[i] = stamp_at(h, i);
    free(h->stamps);
    h->stamps = bigger;
    h->start = 0;
    h->cap *= 2;
    return SNN_OK;
}

int snn_stdp_history_push(snn_stdp_history *h, int32_t stamp, int32_t forget_through) {
    while (h->count > 0 && stamp_at(h, 0) <= forget_through) {
        h->start = (h->start + 1) & (h->cap - 1);
        h->count -= 1;
    }
    if (h->count == h->cap && grow(h) != SNN_OK) return SNN_ERR_NOMEM;
    h->stamps[(h->start + h->count) & (h->cap - 1)] = stamp;
    h->count += 1;
    return SNN_OK;
}

double snn_stdp_facilitate_through(const snn_stdp *p, const snn_stdp_history *h,
                                   const snn_stdp_pre *pre, int32_t through, double w) {
    /* Newest first, find the oldest entry after done_through, then apply forwards. */
    uint32_t first = h->count;
    while (first > 0 && stamp_at(h, first - 1) > pre->done_through)
        first--;
    for (uint32_t i = first; i < h->count; i++) {
        const int32_t t_post = stamp_at(h, i);
        if (t_post > through) break;
        /* Kplus decayed from t_last to the post spike seen at the synapse, t_post + d */
        const double kplus = pre->kplus * snn_stdp_decay(p->decay_plus, p->tau_plus, p->dt,
                                                         t_post + p->delay - pre->t_last);
        w = snn_stdp_facilitate(p, w, kplus);
    }
    return w;
}
