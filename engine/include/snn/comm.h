/* snn_comm: the engine's only contact with MPI. Ranks x threads = virtual processes; a rank
 * holds the VPs rank, rank + R, rank + 2R, ... (one per thread). Without MPI (built with
 * SNN_MPI off, or started without a launcher) there is one rank and every call is local. */
#ifndef SNN_COMM_H
#define SNN_COMM_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int rank, size; /* this rank, and how many */
    int node_size;  /* how many share this machine (its memory) */
    int mpi;        /* MPI is initialised (a launcher started us, or SNN_MPI forced it) */
} snn_comm;

/* MPI_Init_thread (FUNNELED: only the master thread calls MPI) when a launcher started the
 * process, else one rank. SNN_OK, or an error with the message in err. */
int snn_comm_start(int *argc, char ***argv, snn_comm *c, char *err, size_t errlen);
/* MPI_Finalize after success; MPI_Abort after a failure, so that no rank waits for ever. */
void snn_comm_stop(const snn_comm *c, int failed);

void snn_comm_sum_u64(const snn_comm *c, uint64_t *v, size_t n);  /* on every rank */
void snn_comm_sum_float(const snn_comm *c, float *v, size_t n);   /* on every rank */
void snn_comm_max_double(const snn_comm *c, double *v, size_t n); /* on every rank */
void snn_comm_min_double(const snn_comm *c, double *v, size_t n); /* on every rank */
int snn_comm_any(const snn_comm *c, int flag);
/* Every rank's value, in rank order, into all[size] on every rank. */
void snn_comm_allgather_double(const snn_comm *c, double mine, double *all); /* OR over ranks */
void snn_comm_broadcast(const snn_comm *c, void *buf, size_t bytes);         /* from rank 0 */
/* Every rank's text (at most SNN_COMM_TEXT - 1 characters), in rank order, joined by ","
 * into all (len bytes) on every rank. */
#define SNN_COMM_TEXT 64
void snn_comm_allgather_text(const snn_comm *c, const char *mine, char *all, size_t len);
/* The library's version ("Open MPI v4.1.4, ..."), or "none". */
void snn_comm_library(char *buf, size_t len);

#endif
