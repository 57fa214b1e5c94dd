/*
 * MPICH's own figures for the multinode benchmark (benchmarks/run multinode): the peer of NodeLink's measuring mode
 * (tests/tools/NodeLinkProbe, Measures.cs) and of Hpc across nodes, with the same plan (keep them in step).
 * Built with mpicc -O2; run with one rank per node (mpiexec -n N -ppn 1, or -n N on one machine).
 *
 *   latency     8-byte ping-pong between ranks 0 and 1; one-way = round trip / 2
 *   bandwidth   1 MiB and 4 MiB: windows of 16 Isend/Irecv from rank 0 to rank 1, each followed by an 8-byte ack
 *   allreduce   MPI_Allreduce of one long (MPI_SUM) over all ranks
 *   all         the three in turn (the default)
 *
 * Rank 0 prints one line per result: "latency 8 US", "bandwidth SIZE MB_PER_S", "allreduce N US". Every figure is
 * the median of 11 timed batches after one warm-up batch.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 11
#define WINDOW 16
#define TAG_DATA 1
#define TAG_ACK 2

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int count)
{
    qsort(values, (size_t)count, sizeof *values, compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

static void latency(int rank, int size, int iterations)
{
    char *buffer = calloc(1, (size_t)size + 1);
    double batch_us[BATCHES];
    MPI_Barrier(MPI_COMM_WORLD);
    for (int b = -1; b < BATCHES; b++) {
        double start = now_us();
        for (int i = 0; i < iterations; i++) {
            if (rank == 0) {
                MPI_Send(buffer, size, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD);
                MPI_Recv(buffer, size, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                MPI_Recv(buffer, size, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(buffer, size, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD);
            }
        }
        if (b >= 0)
            batch_us[b] = (now_us() - start) / iterations / 2;
    }
    if (rank == 0)
        printf("latency %d %.4f\n", size, median(batch_us, BATCHES));
    free(buffer);
}

static void bandwidth(int rank, long size, int windows)
{
    char *buffer = calloc(1, (size_t)size * WINDOW);
    char ack[8] = {0};
    MPI_Request requests[WINDOW];
    /* Real statuses: GCC 12 warns about MPI_STATUSES_IGNORE ((MPI_Status *)1) under -Wstringop-overflow. */
    MPI_Status statuses[WINDOW];
    double batch_mbps[BATCHES];
    MPI_Barrier(MPI_COMM_WORLD);
    for (int b = -1; b < BATCHES; b++) {
        double start = now_us();
        for (int w = 0; w < windows; w++) {
            if (rank == 0) {
                for (int i = 0; i < WINDOW; i++)
                    MPI_Isend(buffer + i * size, (int)size, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD, &requests[i]);
                MPI_Waitall(WINDOW, requests, statuses);
                MPI_Recv(ack, 8, MPI_BYTE, 1, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else if (rank == 1) {
                for (int i = 0; i < WINDOW; i++)
                    MPI_Irecv(buffer + i * size, (int)size, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD, &requests[i]);
                MPI_Waitall(WINDOW, requests, statuses);
                MPI_Send(ack, 8, MPI_BYTE, 0, TAG_ACK, MPI_COMM_WORLD);
            }
        }
        if (b >= 0)
            batch_mbps[b] = (double)size * WINDOW * windows / (now_us() - start);
    }
    if (rank == 0)
        printf("bandwidth %ld %.1f\n", size, median(batch_mbps, BATCHES));
    free(buffer);
}

static int allreduce(int rank, int ranks, int iterations)
{
    double batch_us[BATCHES];
    long value = rank, sum = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int b = -1; b < BATCHES; b++) {
        double start = now_us();
        for (int i = 0; i < iterations; i++)
            MPI_Allreduce(&value, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
        if (b >= 0)
            batch_us[b] = (now_us() - start) / iterations;
    }
    if (sum != (long)ranks * (ranks - 1) / 2) {
        fprintf(stderr, "multinode: allreduce gave %ld, expected %ld\n", sum, (long)ranks * (ranks - 1) / 2);
        return 1;
    }
    if (rank == 0)
        printf("allreduce %d %.4f\n", ranks, median(batch_us, BATCHES));
    return 0;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, ranks, failed = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const char *measure = argc > 1 ? argv[1] : "all";
    int all = strcmp(measure, "all") == 0;
    if (!all && strcmp(measure, "latency") && strcmp(measure, "bandwidth") && strcmp(measure, "allreduce")) {
        if (rank == 0)
            fprintf(stderr, "usage: multinode [latency|bandwidth|allreduce|all]\n");
        MPI_Finalize();
        return 2;
    }
    if (ranks < 2) {
        if (rank == 0)
            fprintf(stderr, "multinode needs at least 2 ranks\n");
        MPI_Finalize();
        return 2;
    }
    if (all || !strcmp(measure, "latency"))
        latency(rank, 8, 2000);
    if (all || !strcmp(measure, "bandwidth")) {
        bandwidth(rank, 1L << 20, 8);
        bandwidth(rank, 4L << 20, 4);
    }
    if (all || !strcmp(measure, "allreduce"))
        failed = allreduce(rank, ranks, 2000);
    fflush(stdout);
    /* MPI_Finalize can hang over UCX TCP with 3+ ranks (MULTINODE-NOTES.md): barrier, then leave without it. */
    MPI_Barrier(MPI_COMM_WORLD);
    _exit(failed);
}
