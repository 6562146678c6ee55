/* snn_cpu_gathers_fast: whether this CPU's AVX-512 gathers read eight table entries faster
 * than eight loads put together by shuffles, the choice of the STDP rows' table lookups
 * (stdp_row_avx512.c). Measured both ways: on this project's Intel Xeon (AVX512-FP16, AMX;
 * its kernel reports it not affected by Gather Data Sampling) the seed's simulation took 0.85
 * of the time with gathers; on the AMD EPYC with AVX-512 a gather of eight cost 4.5 ns
 * against 2.3 for the loads. Intel's microcode mitigation of Gather Data Sampling slows
 * gathers several times over, so an Intel CPU keeps the loads where its kernel reports that
 * mitigation, or reports nothing (a kernel older than the mitigation, or no Linux). */
#ifndef SNN_CPU_GATHERS_H
#define SNN_CPU_GATHERS_H

int snn_cpu_gathers_fast(void);

#endif
