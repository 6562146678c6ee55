/* snn_machine: what a result file records about the machine and the process environment,
 * so that a reader can tell two runs' conditions apart (provenance, the report). */
#ifndef SNN_MACHINE_H
#define SNN_MACHINE_H

#include <stddef.h>

/* "Linux 6.1.0-18-amd64 #1 SMP ... x86_64" (uname), "unknown" if it fails. */
void snn_machine_kernel(char *buf, size_t len);
/* The transparent huge page mode in force ("always", "madvise", "never"), read from
 * /sys/kernel/mm/transparent_hugepage/enabled; "unknown" where the kernel does not say. */
void snn_machine_transparent_hugepages(char *buf, size_t len);
/* The environment variables that change how a run performs, "NAME=value" one per line in
 * name order: OpenMP (OMP_*, GOMP_*, KMP_*), Open MPI's parameters (OMPI_MCA_*, binding
 * among them), Slurm's binding and job (SLURM_CPU_BIND*, SLURM_JOB_ID, ...), MALLOC_* and
 * LD_PRELOAD. "" when none is set; cut at len with "..." at the end. */
void snn_machine_environment(char *buf, size_t len);
/* The batch job this process runs in ("slurm 1234_5" for an array task, "slurm 1234"),
 * "" outside a batch system. */
void snn_machine_batch_job(char *buf, size_t len);

#endif
