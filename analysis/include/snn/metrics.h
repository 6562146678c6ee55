/* snn_metrics: the one registry of metric names. Every table, JSON and CSV output, the study
 * summary, the analysis files, compare and its regression gate (also ci/perf-regression.sh,
 * through `snnbench compare --list-gate`) take their keys, units and verdict rules from here,
 * and code refers to a metric by its enum, so a misspelt name cannot compile. */
#ifndef SNN_METRICS_H
#define SNN_METRICS_H

#include <stddef.h>

typedef enum {
    SNN_M_SCALE,
    SNN_M_THREADS,
    SNN_M_SEED,
    SNN_M_RECORDED_E,
    SNN_M_RATE_MEAN,
    SNN_M_RATE_MEDIAN,
    SNN_M_RATE_P10,
    SNN_M_RATE_P90,
    SNN_M_SILENT_FRACTION,
    SNN_M_AVERAGE_RATE,
    SNN_M_RATE_I_MEAN,
    SNN_M_CV_ISI_MEAN,
    SNN_M_CV_ISI_MEDIAN,
    SNN_M_SYNCHRONY,
    SNN_M_AI_REGIME,
    SNN_M_WEIGHT_MEAN,
    SNN_M_WEIGHT_STD,
    SNN_M_WEIGHT_MIN,
    SNN_M_WEIGHT_MAX,
    SNN_M_WEIGHT_CLIPPED_FRACTION,
    SNN_M_DIP,
    SNN_M_DIP_P_VALUE,
    SNN_M_UNIMODAL,
    SNN_M_SAMPLE_SIZE,
    SNN_M_TIME_CONSTRUCTION_CONNECT,
    SNN_M_TIME_PRESIMULATE,
    SNN_M_TIME_SIMULATE,
    SNN_M_RTF,
    SNN_M_EVENTS_PER_SECOND,
    SNN_M_VMHWM,
    SNN_M_BYTES_PER_SYNAPSE,
    SNN_METRICS
} snn_metric_id;

typedef enum { SNN_METRIC_NUMBER, SNN_METRIC_BOOL, SNN_METRIC_COUNT } snn_metric_kind;

/* How `compare` judges a metric (SNN_GATE_NONE: it does not). Speed and memory are ratios
 * against --max-slowdown and --max-memory in the metric's better direction; dynamics are
 * relative differences against --rate-tolerance or --weight-tolerance. */
typedef enum {
    SNN_GATE_NONE,
    SNN_GATE_SPEED,
    SNN_GATE_MEMORY,
    SNN_GATE_RATE,
    SNN_GATE_WEIGHT
} snn_metric_gate;

typedef struct {
    const char *key, *unit;
    snn_metric_kind kind;
    int higher_is_better; /* 1 higher, -1 lower, 0 neither (a parameter or a dynamics figure) */
    int in_summary;       /* a column of summary.csv / summary.h5 */
    int in_study_table;   /* a column of the table printed for a study */
    snn_metric_gate gate;
    int in_default_gate; /* judged by ci/perf-regression.sh */
    int optional; /* a result may lack it (no weight snapshots): "not compared" when both do */
    const char *meaning;
} snn_metric_desc;

extern const snn_metric_desc snn_metric_table[SNN_METRICS];

/* The metric of a key, or -1. */
int snn_metric_find(const char *key);

#endif
