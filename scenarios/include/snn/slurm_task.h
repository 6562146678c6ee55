/* snn_slurm_task: what a Slurm array task of a study runs (snnbench slurm-task). */
#ifndef SNN_SLURM_TASK_H
#define SNN_SLURM_TASK_H

/* Runs the point at line `index` of `list`, from DIR/slurm/<point>.cmd, and writes
 * DIR/slurm/<point>.status (running, then ok or failed). The exit status: 0 ok, 1 failed,
 * 2 the task's files are wrong. */
int snn_slurm_task(const char *dir, const char *list, const char *index);

#endif
