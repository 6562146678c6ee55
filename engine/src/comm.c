/* snn_comm: MPI collectives where there are several ranks, local copies where there is one. */
#include "snn/comm.h"
#include "snn/comm_spikes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snn/error.h"

#if SNN_MPI
#include <mpi.h>
#endif

/* Started by a launcher: the variables Open MPI (mpirun), PMIx (srun --mpi=pmix) or a PMI-1/2
 * launcher set. Without one, MPI_Init would only cost a singleton start (half a second). */
static int launched(void) {
    const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i])) return 1;
    return 0;
}

int snn_comm_start(int *argc, char ***argv, snn_comm *c, char *err, size_t errlen) {
    *c = (snn_comm){.rank = 0, .size = 1, .node_size = 1, .mpi = 0};
#if SNN_MPI
    if (!launched()) return SNN_OK;
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        snprintf(err, errlen, "MPI_Init_thread failed");
        return SNN_ERR_IO;
    }
    c->mpi = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &c->size);
    MPI_Comm node;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, c->rank, MPI_INFO_NULL, &node) ==
        MPI_SUCCESS) {
        MPI_Comm_size(node, &c->node_size);
        MPI_Comm_free(&node);
    }
    if (provided < MPI_THREAD_FUNNELED) {
        snprintf(err, errlen, "the MPI library grants thread level %d, below FUNNELED (%d)",
                 provided, MPI_THREAD_FUNNELED);
        return SNN_ERR_IO;
    }
    /* srun without PMIx starts N separate one-rank worlds: refuse rather than run N copies */
    const char *tasks = getenv("SLURM_NTASKS");
    if (tasks && atoi(tasks) > 1 && c->size == 1) {
        snprintf(err, errlen,
                 "SLURM_NTASKS = %s but the MPI world has one rank: srun started separate "
                 "processes (use srun --mpi=pmix)",
                 tasks);
        return SNN_ERR_PARAM;
    }
#else
    (void)argc, (void)argv, (void)err, (void)errlen;
    (void)launched;
#endif
    return SNN_OK;
}

void snn_comm_stop(const snn_comm *c, int failed) {
#if SNN_MPI
    if (!c->mpi) return;
    if (failed && c->size > 1) MPI_Abort(MPI_COMM_WORLD, failed);
    MPI_Finalize();
#else
    (void)c, (void)failed;
#endif
}

int snn_comm_spikes_allgather(const snn_comm *c, const snn_spike_list *mine, snn_spike_list *all,
                              size_t *counts, double *waited) {
    all->count = 0;
    *waited = 0.0;
    if (c->size == 1) {
        counts[0] = mine->count;
        for (size_t i = 0; i < mine->count; i++)
            if (snn_spike_list_push(all, mine->items[i]) != SNN_OK) return SNN_ERR_NOMEM;
        return SNN_OK;
    }
#if SNN_MPI
    /* a spike travels as two int32: its stamp and its gid */
    int n = (int)mine->count * 2, sizes[c->size], offsets[c->size];
    const double t0 = MPI_Wtime();
    MPI_Allgather(&n, 1, MPI_INT, sizes, 1, MPI_INT, MPI_COMM_WORLD);
    *waited = MPI_Wtime() - t0;
    size_t total = 0;
    for (int r = 0; r < c->size; r++) {
        offsets[r] = (int)total;
        total += (size_t)sizes[r];
        counts[r] = (size_t)sizes[r] / 2;
    }
    if (all->cap < total / 2 + 1) {
        snn_spike *bigger = realloc(all->items, (total / 2 + 1) * sizeof *bigger);
        if (!bigger) return SNN_ERR_NOMEM;
        all->items = bigger;
        all->cap = total / 2 + 1;
    }
    _Static_assert(sizeof(snn_spike) == 2 * sizeof(int32_t), "a spike is two int32");
    MPI_Allgatherv(mine->items, n, MPI_INT32_T, all->items, sizes, offsets, MPI_INT32_T,
                   MPI_COMM_WORLD);
    all->count = total / 2;
#endif
    return SNN_OK;
}

#if SNN_MPI
static void all_reduce(const snn_comm *c, void *v, size_t n, MPI_Datatype type, MPI_Op op) {
    if (c->size > 1 && n > 0) MPI_Allreduce(MPI_IN_PLACE, v, (int)n, type, op, MPI_COMM_WORLD);
}
#endif

void snn_comm_sum_u64(const snn_comm *c, uint64_t *v, size_t n) {
#if SNN_MPI
    all_reduce(c, v, n, MPI_UINT64_T, MPI_SUM);
#else
    (void)c, (void)v, (void)n;
#endif
}

void snn_comm_sum_float(const snn_comm *c, float *v, size_t n) {
#if SNN_MPI
    all_reduce(c, v, n, MPI_FLOAT, MPI_SUM);
#else
    (void)c, (void)v, (void)n;
#endif
}

void snn_comm_max_double(const snn_comm *c, double *v, size_t n) {
#if SNN_MPI
    all_reduce(c, v, n, MPI_DOUBLE, MPI_MAX);
#else
    (void)c, (void)v, (void)n;
#endif
}

void snn_comm_min_double(const snn_comm *c, double *v, size_t n) {
#if SNN_MPI
    all_reduce(c, v, n, MPI_DOUBLE, MPI_MIN);
#else
    (void)c, (void)v, (void)n;
#endif
}

int snn_comm_any(const snn_comm *c, int flag) {
#if SNN_MPI
    all_reduce(c, &flag, 1, MPI_INT, MPI_LOR);
#else
    (void)c;
#endif
    return flag != 0;
}

void snn_comm_allgather_double(const snn_comm *c, double mine, double *all) {
    all[0] = mine;
#if SNN_MPI
    if (c->size > 1) MPI_Allgather(&mine, 1, MPI_DOUBLE, all, 1, MPI_DOUBLE, MPI_COMM_WORLD);
#else
    (void)c;
#endif
}

void snn_comm_allgather_text(const snn_comm *c, const char *mine, char *all, size_t len) {
    char own[SNN_COMM_TEXT] = "";
    snprintf(own, sizeof own, "%s", mine);
    char *texts = calloc((size_t)c->size, SNN_COMM_TEXT);
    if (!texts) {
        snprintf(all, len, "%s", own);
        return;
    }
    memcpy(texts, own, SNN_COMM_TEXT);
#if SNN_MPI
    if (c->size > 1)
        MPI_Allgather(own, SNN_COMM_TEXT, MPI_CHAR, texts, SNN_COMM_TEXT, MPI_CHAR, MPI_COMM_WORLD);
#endif
    size_t used = 0;
    all[0] = '\0';
    for (int r = 0; r < c->size && used < len; r++)
        used += (size_t)snprintf(all + used, len - used, "%s%s", r ? "," : "",
                                 texts + (size_t)r * SNN_COMM_TEXT);
    free(texts);
}

void snn_comm_broadcast(const snn_comm *c, void *buf, size_t bytes) {
#if SNN_MPI
    if (c->size > 1) MPI_Bcast(buf, (int)bytes, MPI_BYTE, 0, MPI_COMM_WORLD);
#else
    (void)c, (void)buf, (void)bytes;
#endif
}

void snn_comm_library(char *buf, size_t len) {
#if SNN_MPI
    char v[MPI_MAX_LIBRARY_VERSION_STRING];
    int n = 0;
    MPI_Get_library_version(v, &n);
    v[strcspn(v, ",\n")] = '\0';
    snprintf(buf, len, "%s", v);
#else
    snprintf(buf, len, "none");
#endif
}
