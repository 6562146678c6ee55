/* snn_metrics: the registry, in the order tables and files list the metrics. */
#include "snn/metrics.h"

#include <string.h>

#define N SNN_METRIC_NUMBER
#define B SNN_METRIC_BOOL
#define C SNN_METRIC_COUNT
/*                              key  unit  kind better summary table gate default-gate optional */
#define M(id, key, unit, kind, better, summary, table, gate, dflt, opt, text)                      \
    [id] = {key, unit, kind, better, summary, table, gate, dflt, opt, text}

const snn_metric_desc snn_metric_table[SNN_METRICS] = {
    M(SNN_M_SCALE, "scale", "", N, 0, 0, 1, SNN_GATE_NONE, 0, 0, "simulation.scale"),
    M(SNN_M_THREADS, "threads", "", C, 0, 0, 1, SNN_GATE_NONE, 0, 0, "simulation.threads"),
    M(SNN_M_SEED, "seed", "", C, 0, 0, 1, SNN_GATE_NONE, 0, 0, "simulation.seed"),
    M(SNN_M_RECORDED_E, "recorded_E", "", C, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "E neurons whose spikes the file holds"),
    M(SNN_M_RATE_MEAN, "rate_mean", "1/s", N, 0, 1, 1, SNN_GATE_RATE, 1, 0,
      "mean rate of the recorded E neurons in the simulation phase"),
    M(SNN_M_RATE_MEDIAN, "rate_median", "1/s", N, 0, 0, 0, SNN_GATE_NONE, 0, 0, "median E rate"),
    M(SNN_M_RATE_P10, "rate_p10", "1/s", N, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "10th percentile of the E rates"),
    M(SNN_M_RATE_P90, "rate_p90", "1/s", N, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "90th percentile of the E rates"),
    M(SNN_M_SILENT_FRACTION, "silent_fraction", "", N, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "recorded E neurons without a spike in the simulation phase"),
    M(SNN_M_AVERAGE_RATE, "average_rate", "1/s", N, 0, 1, 0, SNN_GATE_NONE, 0, 0,
      "the seed's figure: every recorded spike since t = 0 over nrec x simtime"),
    M(SNN_M_RATE_I_MEAN, "rate_I_mean", "1/s", N, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "mean rate of the recorded I neurons"),
    M(SNN_M_CV_ISI_MEAN, "cv_isi_mean", "", N, 0, 1, 1, SNN_GATE_NONE, 0, 0,
      "mean coefficient of variation of the E inter-spike intervals"),
    M(SNN_M_CV_ISI_MEDIAN, "cv_isi_median", "", N, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "median CV of the E inter-spike intervals"),
    M(SNN_M_SYNCHRONY, "synchrony", "", N, 0, 1, 1, SNN_GATE_NONE, 0, 0,
      "Fano factor of the E population count"),
    M(SNN_M_AI_REGIME, "ai_regime", "", B, 0, 1, 1, SNN_GATE_NONE, 0, 0,
      "asynchronous irregular: rate, CV and synchrony inside the thresholds"),
    M(SNN_M_WEIGHT_MEAN, "weight_mean", "pA", N, 0, 1, 1, SNN_GATE_WEIGHT, 1, 1,
      "mean E->E weight at the end"),
    M(SNN_M_WEIGHT_STD, "weight_std", "pA", N, 0, 1, 1, SNN_GATE_WEIGHT, 0, 1,
      "standard deviation of the E->E weights at the end"),
    M(SNN_M_WEIGHT_MIN, "weight_min", "pA", N, 0, 1, 0, SNN_GATE_NONE, 0, 1,
      "smallest E->E weight at the end"),
    M(SNN_M_WEIGHT_MAX, "weight_max", "pA", N, 0, 1, 0, SNN_GATE_NONE, 0, 1,
      "largest E->E weight at the end"),
    M(SNN_M_WEIGHT_CLIPPED_FRACTION, "weight_clipped_fraction", "", N, 0, 0, 0, SNN_GATE_NONE, 0, 1,
      "E->E weights depressed to 0"),
    M(SNN_M_DIP, "dip", "", N, 0, 0, 0, SNN_GATE_NONE, 0, 0, "Hartigan's dip of the weight sample"),
    M(SNN_M_DIP_P_VALUE, "dip_p_value", "", N, 0, 1, 1, SNN_GATE_NONE, 0, 0,
      "p-value of the dip test"),
    M(SNN_M_UNIMODAL, "unimodal", "", B, 0, 1, 1, SNN_GATE_NONE, 0, 0,
      "the dip test does not reject unimodality at alpha"),
    M(SNN_M_SAMPLE_SIZE, "sample_size", "", C, 0, 0, 0, SNN_GATE_NONE, 0, 0,
      "weights in the dip test's sample"),
    M(SNN_M_TIME_CONSTRUCTION_CONNECT, "time_construction_connect", "s", N, -1, 1, 0,
      SNN_GATE_SPEED, 0, 0, "wall-clock time of the connection phase"),
    M(SNN_M_TIME_PRESIMULATE, "time_presimulate", "s", N, -1, 1, 0, SNN_GATE_SPEED, 1, 0,
      "wall-clock time of the presimulation"),
    M(SNN_M_TIME_SIMULATE, "time_simulate", "s", N, -1, 1, 1, SNN_GATE_SPEED, 1, 0,
      "wall-clock time of the simulation phase"),
    M(SNN_M_RTF, "rtf", "", N, -1, 1, 0, SNN_GATE_NONE, 0, 0,
      "real-time factor: time_simulate over the simulated time"),
    M(SNN_M_EVENTS_PER_SECOND, "events_per_second", "1/s", N, 1, 1, 0, SNN_GATE_SPEED, 1, 0,
      "synaptic events delivered per second in the simulation phase"),
    M(SNN_M_VMHWM, "VmHWM", "kB", C, -1, 1, 0, SNN_GATE_MEMORY, 1, 0,
      "peak resident memory of the process"),
    M(SNN_M_BYTES_PER_SYNAPSE, "bytes_per_synapse", "B", N, -1, 1, 0, SNN_GATE_MEMORY, 1, 0,
      "VmHWM over the number of synapses"),
};

int snn_metric_find(const char *key) {
    for (int i = 0; i < SNN_METRICS; i++)
        if (strcmp(snn_metric_table[i].key, key) == 0) return i;
    return -1;
}
