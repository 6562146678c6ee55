/* snn_stdp: the rule of stdp_pl_synapse_hom, power-law potentiation and multiplicative depression
 * (model.md section 3), with time in integer steps and "stamps" (a spike emitted in step n
 * carries stamp n + 1: the end of the step).
 *
 * State is split the way the rule allows: the weight per synapse; Kplus, t_last and
 * done_through per presynaptic neuron (snn_stdp_pre); Kminus and the spike history per
 * postsynaptic neuron (snn_stdp_recent, snn_stdp_history).
 *
 * Bounded history, exactly. At a presynaptic spike the rule needs every postsynaptic spike
 * since t_last - d, so a source that stays silent would make its targets keep their history
 * for ever. Instead, a source silent for longer than a horizon H is caught up: its synapses
 * receive the facilitation of the postsynaptic spikes up to a time that its next spike must
 * cover anyway, in the same order and with the same formula as at that spike, and
 * done_through records how far. A history then needs only the last H (plus two windows), and
 * its memory does not grow with simulated time. The result is the rule itself, with no
 * truncation error; the only difference a catch-up makes is that the weight is rounded to
 * the synapse's storage type (float) once more in between.
 */
#ifndef SNN_STDP_H
#define SNN_STDP_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "snn/pow_mu.h"

/* exp(-k dt / tau) tabulated for k below this: 3.3 s at dt = 0.1 ms. A facilitation whose
 * decay lies past the table (a source silent for longer, at a catch-up or its next spike)
 * leaves the vector loops for the scalar rule and exp. At 4096 entries (410 ms) that was a
 * tenth of the simulation at scale 10 late in a 1-s run, where many sources fall silent for
 * longer than that; the two tables take 512 KB per rank. The entries are exp's own values,
 * so the size does not change a bit. */
#define SNN_DECAY_TABLE 32768

typedef struct {
    double lambda, alpha, mu, tau_plus, tau_minus, dt;
    int32_t delay; /* steps; the whole delay is dendritic */
    double decay_plus[SNN_DECAY_TABLE], decay_minus[SNN_DECAY_TABLE];
    snn_pow_mu w_pow_mu; /* w^mu */
} snn_stdp;

typedef struct {
    double kplus;         /* trace just after the last presynaptic spike */
    int32_t t_last;       /* stamp of that spike (0 before the first, as in NEST) */
    int32_t done_through; /* postsynaptic spikes with stamps <= this are already applied */
} snn_stdp_pre;

/* A postsynaptic neuron's spikes: what every step reads (snn_stdp_recent, 16 bytes, laid
 * out as snn_stdp_post_trace below) apart from what only a spike or a history walk does. */
typedef struct {
    double kminus;            /* trace just after the latest spike */
    int32_t latest, previous; /* the last two spike stamps, INT32_MIN where there are fewer */
} snn_stdp_recent;

typedef struct {
    int32_t *stamps; /* ring of spike stamps, oldest first from start */
    uint32_t start, count, cap;
    int32_t third, fourth, fifth, sixth; /* the four stamps before `previous`, likewise */
} snn_stdp_history;

/* What a neuron's step tells its synapses about the stamp that ends it: what the rule needs
 * at every synapse (snn_stdp_post_trace), and the four spikes before those two
 * (snn_stdp_post_older), kept apart because only synapses with several spikes to apply read
 * them. The six stamps let a vectorized row loop (stdp_row_avx512.c) apply up to five
 * spikes without the history. */
typedef struct {
    double kminus;    /* Kminus strictly before the stamp */
    int32_t latest;   /* latest spike stamp <= the stamp, INT32_MIN if none */
    int32_t previous; /* the spike before that one, INT32_MIN if none */
} snn_stdp_post_trace;

typedef struct {
    int32_t third, fourth, fifth, sixth; /* the four before `previous`, likewise */
} snn_stdp_post_older;

/* The trace of a neuron that has not spiked. */
static inline snn_stdp_post_trace snn_stdp_post_trace_none(void) {
    return (snn_stdp_post_trace){0.0, INT32_MIN, INT32_MIN};
}
static inline snn_stdp_post_older snn_stdp_post_older_none(void) {
    return (snn_stdp_post_older){INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN};
}

void snn_stdp_init(snn_stdp *p, double lambda, double alpha, double mu, double tau_plus,
                   double tau_minus, double dt, int32_t delay_steps);

static inline double snn_stdp_decay(const double *table, double tau, double dt, int64_t k) {
    return k < SNN_DECAY_TABLE ? table[k] : exp(-(double)k * dt / tau);
}

/* facilitate(w, k) = w + lambda w^mu k
 * w^mu of the weight as stored (a float), to within 2e-11 relative (pow_mu.h): far below the
 * float resolution of w itself (about 6e-8 relative). */
static inline double snn_stdp_facilitate(const snn_stdp *p, double w, double kplus) {
    return w + p->lambda * snn_pow_mu_eval(&p->w_pow_mu, (float)w) * kplus;
}

/* depress(w, k) = max(0, w - lambda alpha w k) */
static inline double snn_stdp_depress(const snn_stdp *p, double w, double kminus) {
    const double w_new = w - p->lambda * p->alpha * w * kminus;
    return w_new > 0.0 ? w_new : 0.0;
}

void snn_stdp_pre_init(const snn_stdp *p, snn_stdp_pre *pre);
/* After a presynaptic spike at stamp t has been applied to all its synapses. */
void snn_stdp_pre_spiked(const snn_stdp *p, snn_stdp_pre *pre, int32_t t);

static inline snn_stdp_recent snn_stdp_recent_none(void) {
    return (snn_stdp_recent){0.0, INT32_MIN, INT32_MIN};
}
int snn_stdp_history_init(snn_stdp_history *h, uint32_t capacity);
void snn_stdp_history_free(snn_stdp_history *h);

/* Records a spike at `stamp` (the slow path of snn_stdp_post_step). */
int snn_stdp_history_push(snn_stdp_history *h, int32_t stamp, int32_t forget_through);

/* The postsynaptic side of the step ending at `stamp`, for a neuron with plastic inputs:
 * out->kminus = Kminus strictly before the stamp; the spike (if any) is recorded;
 * out's and older's stamps = the latest six spike stamps <= stamp (older may be NULL).
 * Entries with stamps <= forget_through are dropped when room is needed. Returns SNN_OK or
 * SNN_ERR_NOMEM. */
static inline int snn_stdp_post_step(snn_stdp_recent *r, snn_stdp_history *h, const snn_stdp *p,
                                     int32_t stamp, int spiked, int32_t forget_through,
                                     snn_stdp_post_trace *out, snn_stdp_post_older *older) {
    double k = 0.0;
    if (r->latest != INT32_MIN)
        k = r->kminus * snn_stdp_decay(p->decay_minus, p->tau_minus, p->dt, stamp - r->latest);
    out->kminus = k;
    if (spiked) {
        r->kminus = k + 1.0;
        h->sixth = h->fifth;
        h->fifth = h->fourth;
        h->fourth = h->third;
        h->third = r->previous;
        r->previous = r->latest;
        r->latest = stamp;
        if (snn_stdp_history_push(h, stamp, forget_through) != 0) return 2; /* SNN_ERR_NOMEM */
    }
    out->latest = r->latest;
    out->previous = r->previous;
    if (older) *older = (snn_stdp_post_older){h->third, h->fourth, h->fifth, h->sixth};
    return 0;
}

/* snn_stdp_post_step for neurons [0, n) (spiked[j], out[j], older[j]), where older[j] is
 * written only if the neuron spikes now or spiked after `unchanged_through`: the older
 * stamps change only at a spike, so a ring of trace rows that keeps every step of a span
 * holds them already for a neuron silent over that span (stdp_pl_synapse.c). Eight neurons
 * at a time where the CPU has AVX-512 (stdp_post.c), with the same numbers. SNN_OK or
 * SNN_ERR_NOMEM. */
int snn_stdp_post_steps(const snn_stdp *p, snn_stdp_recent *recent, snn_stdp_history *history,
                        const uint8_t *spiked, uint32_t n, int32_t stamp, int32_t forget_through,
                        int32_t unchanged_through, snn_stdp_post_trace *out,
                        snn_stdp_post_older *older);

/* Apply, in time order, the facilitation of every postsynaptic spike with stamp in
 * (pre->done_through, through] to weight w. */
double snn_stdp_facilitate_through(const snn_stdp *p, const snn_stdp_history *h,
                                   const snn_stdp_pre *pre, int32_t through, double w);

/* The source's side as a spike's walk through its row is given it. Until its first spike a
 * source's Kplus is 0, and a facilitation by it adds exactly nothing to a finite weight w >= 0,
 * which every weight of the network is (w + lambda w^mu 0 = w): then done_through is taken as
 * past every postsynaptic spike, so that every loop skips the facilitations and only
 * depresses, with the same bits. (A first spike's row would walk every target's spikes since
 * the start; three E spikes in ten of the seed's benchmark are a source's first, and skipping
 * their facilitations made its simulation 0.89 of the time, its presimulation 0.83 to 0.88.) */
#define SNN_STDP_ALL_DONE INT32_MAX /* a done_through that no stamp can pass */
static inline snn_stdp_pre snn_stdp_pre_for_walk(const snn_stdp_pre *pre) {
    snn_stdp_pre seen = *pre;
    if (seen.kplus == 0.0) seen.done_through = SNN_STDP_ALL_DONE;
    return seen;
}

/* The rule for one synapse at a presynaptic spike with stamp t: `post` is what
 * snn_stdp_post_step reported for stamp t - delay. Returns the weight to transmit and store. */
static inline double snn_stdp_on_pre_spike(const snn_stdp *p, const snn_stdp_history *h,
                                           const snn_stdp_pre *pre, int32_t t,
                                           snn_stdp_post_trace post, double w) {
    /* (Computing the facilitation always, with Kplus times 0 or 1, saves the branch but was
     * 9 % slower: w^mu is then evaluated in every event, not in 6 of 10.) */
    if (post.previous > pre->done_through) /* several spikes to apply: walk the history */
        w = snn_stdp_facilitate_through(p, h, pre, t - p->delay, w);
    else if (post.latest > pre->done_through) /* just one, the common case: no history access */
        w = snn_stdp_facilitate(p, w,
                                pre->kplus * snn_stdp_decay(p->decay_plus, p->tau_plus, p->dt,
                                                            post.latest + p->delay - pre->t_last));
    return snn_stdp_depress(p, w, post.kminus);
}

#endif
