/*
 * OSU-style measurements over MPICH: the peer of benchmarks/Hpc.Benchmarks.Mpi, with the same method, sizes,
 * warm-ups and iteration counts (keep both in step: see Plan.cs there). Built by benchmarks/run with mpicc -O2.
 *
 *   mpiexec -n 2 osu_like latency       ping-pong between ranks 0 and 1; one-way = round trip / 2
 *   mpiexec -n 2 osu_like bandwidth     window of 64 Isend/Irecv, then a 4-byte ack
 *   mpiexec -n N osu_like collectives   barrier and 8-byte allreduce over all N ranks
 *
 * Rank 0 prints one line per result: "latency SIZE MEDIAN_US", "bandwidth SIZE MB_PER_S", "barrier N US",
 * "allreduce N US". Every figure is the median over batches of one timed loop.
 *
 * Two environment variables shorten a run (benchmarks/run multinode, where a message crosses TCP):
 * HPC_BENCH_SIZES=8,1048576 keeps only those sizes; HPC_BENCH_SCALE=K divides every loop count by K (at least 1).
 */
#define _GNU_SOURCE
#include <mpi.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KIB 1024L
#define MIB (1024L * 1024L)
#define MAX_SIZE (4 * MIB)
#define BATCHES 11
#define WINDOW 64
#define TAG_DATA 1
#define TAG_ACK 2

/* Message sizes of the point-to-point sweeps: 0, 8, then powers of 4 from 16 B to 4 MiB. */
static const long sizes[] = {0, 8, 16, 64, 256, 1 * KIB, 4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, 1 * MIB, 4 * MIB};
#define SIZE_COUNT ((int)(sizeof sizes / sizeof sizes[0]))

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

/* HPC_BENCH_SCALE: loop counts are divided by it (1 when unset). */
static int scaled(int count)
{
    const char *text = getenv("HPC_BENCH_SCALE");
    int scale = text ? atoi(text) : 1;
    return scale > 1 ? (count / scale > 0 ? count / scale : 1) : count;
}

/* HPC_BENCH_SIZES: is SIZE one of the listed sizes (every size when unset)? */
static int size_selected(long size)
{
    const char *text = getenv("HPC_BENCH_SIZES");
    if (!text)
        return 1;
    for (const char *p = text; *p;) {
        char *end;
        long listed = strtol(p, &end, 10);
        if (end == p)
            break;
        if (listed == size)
            return 1;
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}

/* Round trips per latency batch: enough that a batch lasts milliseconds, few enough for 4 MiB. */
static int latency_iterations(long size)
{
    return scaled(size <= 8 * KIB ? 2000 : size <= 256 * KIB ? 200 : 50);
}

/* Windows per bandwidth batch. */
static int bandwidth_windows(long size)
{
    return scaled(size <= 8 * KIB ? 100 : size <= 256 * KIB ? 20 : 4);
}

/* Ranks beyond the cpus this process may use: then every collective takes scheduler time slices, so few. */
static int oversubscribed(int ranks)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    int cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    return ranks > cpus;
}

static void latency(int rank, char *buffer)
{
    double batch_us[BATCHES];
    for (int s = 0; s < SIZE_COUNT; s++) {
        long size = sizes[s];
        if (!size_selected(size))
            continue;
        int iterations = latency_iterations(size);
        MPI_Barrier(MPI_COMM_WORLD);
        /* Batch -1 is the warm-up. */
        for (int b = -1; b < BATCHES; b++) {
            double start = now_us();
            if (rank == 0) {
                for (int i = 0; i < iterations; i++) {
                    MPI_Send(buffer, (int)size, MPI_CHAR, 1, TAG_DATA, MPI_COMM_WORLD);
                    MPI_Recv(buffer, (int)size, MPI_CHAR, 1, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                }
            } else if (rank == 1) {
                for (int i = 0; i < iterations; i++) {
                    MPI_Recv(buffer, (int)size, MPI_CHAR, 0, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    MPI_Send(buffer, (int)size, MPI_CHAR, 0, TAG_DATA, MPI_COMM_WORLD);
                }
            }
            if (b >= 0)
                batch_us[b] = (now_us() - start) / (2.0 * iterations);
        }
        if (rank == 0)
            printf("latency %ld %.4f\n", size, median(batch_us, BATCHES));
    }
}

static void bandwidth(int rank, char *send_buffer, char *receive_buffer)
{
    double batch_mbps[BATCHES];
    MPI_Request requests[WINDOW];
    MPI_Status statuses[WINDOW]; /* not MPI_STATUSES_IGNORE: GCC 12 misreads it as a zero-size array */
    int ack = 0;
    for (int s = 0; s < SIZE_COUNT; s++) {
        long size = sizes[s];
        if (!size_selected(size))
            continue;
        if (size == 0)
            continue;
        int windows = bandwidth_windows(size);
        MPI_Barrier(MPI_COMM_WORLD);
        for (int b = -1; b < BATCHES; b++) {
            double start = now_us();
            for (int w = 0; w < windows; w++) {
                if (rank == 0) {
                    for (int j = 0; j < WINDOW; j++)
                        MPI_Isend(send_buffer, (int)size, MPI_CHAR, 1, TAG_DATA, MPI_COMM_WORLD, &requests[j]);
                    MPI_Waitall(WINDOW, requests, statuses);
                    MPI_Recv(&ack, 4, MPI_CHAR, 1, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                } else if (rank == 1) {
                    /* As OSU's osu_bw: every receive of a window lands in the same buffer. */
                    for (int j = 0; j < WINDOW; j++)
                        MPI_Irecv(receive_buffer, (int)size, MPI_CHAR, 0, TAG_DATA, MPI_COMM_WORLD, &requests[j]);
                    MPI_Waitall(WINDOW, requests, statuses);
                    MPI_Send(&ack, 4, MPI_CHAR, 0, TAG_ACK, MPI_COMM_WORLD);
                }
            }
            if (b >= 0)
                batch_mbps[b] = (double)size * WINDOW * windows / (now_us() - start); /* bytes/µs = MB/s */
        }
        if (rank == 0)
            printf("bandwidth %ld %.1f\n", size, median(batch_mbps, BATCHES));
    }
}

static void collectives(int rank, int ranks)
{
    int few = oversubscribed(ranks);
    int warmup = few ? 1 : scaled(1000), batches = few ? 10 : BATCHES, iterations = few ? 1 : scaled(1000);
    double batch_us[BATCHES];

    for (int i = 0; i < warmup; i++)
        MPI_Barrier(MPI_COMM_WORLD);
    for (int b = 0; b < batches; b++) {
        double start = now_us();
        for (int i = 0; i < iterations; i++)
            MPI_Barrier(MPI_COMM_WORLD);
        batch_us[b] = (now_us() - start) / iterations;
    }
    if (rank == 0)
        printf("barrier %d %.4f\n", ranks, median(batch_us, batches));

    long value = rank, sum = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < warmup; i++)
        MPI_Allreduce(&value, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    for (int b = 0; b < batches; b++) {
        double start = now_us();
        for (int i = 0; i < iterations; i++)
            MPI_Allreduce(&value, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
        batch_us[b] = (now_us() - start) / iterations;
    }
    if (sum != (long)ranks * (ranks - 1) / 2) {
        fprintf(stderr, "osu_like: allreduce gave %ld, expected %ld\n", sum, (long)ranks * (ranks - 1) / 2);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (rank == 0)
        printf("allreduce %d %.4f\n", ranks, median(batch_us, batches));
}

/* How much computation an Iallreduce hides, as Hpc.Benchmarks.Mpi/Overlap.cs and OSU's osu_iallreduce: pure
   Iallreduce + Wait, then the same with a busy loop of that length between them; prints "overlap BYTES PERCENT". */
static void busy(double microseconds)
{
    double start = now_us();
    while (now_us() - start < microseconds)
        ;
}

static void overlap(int rank, int ranks)
{
    static const long overlap_sizes[] = {8, 1 * MIB};
    for (int s = 0; s < 2; s++) {
        long bytes = overlap_sizes[s], count = bytes / (long)sizeof(double);
        int iterations = scaled(bytes <= 8 * KIB ? 1000 : 20);
        double *send = malloc((size_t)bytes), *receive = malloc((size_t)bytes), pure[BATCHES], total[BATCHES];
        if (!send || !receive)
            MPI_Abort(MPI_COMM_WORLD, 1);
        for (long i = 0; i < count; i++)
            send[i] = rank + 1;
        MPI_Request request;
        for (int b = -1; b < BATCHES; b++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double start = now_us();
            for (int i = 0; i < iterations; i++) {
                MPI_Iallreduce(send, receive, (int)count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &request);
                MPI_Wait(&request, MPI_STATUS_IGNORE);
            }
            if (b >= 0)
                pure[b] = (now_us() - start) / iterations;
        }
        double compute = median(pure, BATCHES);
        MPI_Bcast(&compute, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        for (int b = -1; b < BATCHES; b++) {
            MPI_Barrier(MPI_COMM_WORLD);
            double start = now_us();
            for (int i = 0; i < iterations; i++) {
                MPI_Iallreduce(send, receive, (int)count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &request);
                busy(compute);
                MPI_Wait(&request, MPI_STATUS_IGNORE);
            }
            if (b >= 0)
                total[b] = (now_us() - start) / iterations;
        }
        if (receive[0] != ranks * (ranks + 1) / 2.0) {
            fprintf(stderr, "osu_like: Iallreduce gave %f\n", receive[0]);
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
        if (rank == 0) {
            double hidden = 1 - (median(total, BATCHES) - compute) / median(pure, BATCHES);
            printf("overlap %ld %.2f\n", bytes, 100 * (hidden < 0 ? 0 : hidden > 1 ? 1 : hidden));
        }
        free(send);
        free(receive);
    }
}

/* A 2-D halo exchange, as Hpc.Benchmarks.Mpi/Halo.cs (change both together): ranks on an MPI_Dims_create grid (not
   periodic), each an HALO_SIDE² block of doubles in a ghost frame; a step exchanges the four edges by MPI_Sendrecv
   (columns packed), then applies the 5-point stencil. Prints "halo RANKS US" (µs per step). */
#define HALO_SIDE 128
#define HALO_STRIDE (HALO_SIDE + 2)

static void exchange_column(MPI_Comm grid, double *u, double *outgoing, double *incoming, int column, int to, int ghost, int from, int tag)
{
    for (int i = 0; i < HALO_SIDE; i++)
        outgoing[i] = u[(i + 1) * HALO_STRIDE + column];
    MPI_Sendrecv(outgoing, HALO_SIDE, MPI_DOUBLE, to, tag, incoming, HALO_SIDE, MPI_DOUBLE, from, tag, grid, MPI_STATUS_IGNORE);
    if (from != MPI_PROC_NULL)
        for (int i = 0; i < HALO_SIDE; i++)
            u[(i + 1) * HALO_STRIDE + ghost] = incoming[i];
}

static void halo(int rank, int ranks)
{
    int dims[2] = {0, 0}, periods[2] = {0, 0}, north, south, west, east, grid_rank;
    MPI_Dims_create(ranks, 2, dims);
    MPI_Comm grid;
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &grid);
    MPI_Comm_rank(grid, &grid_rank);
    MPI_Cart_shift(grid, 0, 1, &north, &south);
    MPI_Cart_shift(grid, 1, 1, &west, &east);
    size_t cells = (size_t)HALO_STRIDE * HALO_STRIDE;
    double *u = calloc(cells, sizeof *u), *next = calloc(cells, sizeof *next);
    double outgoing[HALO_SIDE], incoming[HALO_SIDE], batch_us[BATCHES];
    if (!u || !next)
        MPI_Abort(MPI_COMM_WORLD, 1);
    for (int i = 1; i <= HALO_SIDE; i++)
        for (int j = 1; j <= HALO_SIDE; j++)
            u[i * HALO_STRIDE + j] = (grid_rank * 7 + i + 3 * j) % 11;

    int few = oversubscribed(ranks), warmup = few ? 10 : scaled(200), steps = few ? 20 : scaled(200);
    for (int b = -1; b < BATCHES; b++) {
        MPI_Barrier(grid);
        double start = now_us();
        for (int s = 0; s < (b < 0 ? warmup : steps); s++) {
            MPI_Sendrecv(u + HALO_STRIDE + 1, HALO_SIDE, MPI_DOUBLE, north, 0, u + (HALO_SIDE + 1) * HALO_STRIDE + 1, HALO_SIDE, MPI_DOUBLE, south, 0, grid, MPI_STATUS_IGNORE);
            MPI_Sendrecv(u + HALO_SIDE * HALO_STRIDE + 1, HALO_SIDE, MPI_DOUBLE, south, 1, u + 1, HALO_SIDE, MPI_DOUBLE, north, 1, grid, MPI_STATUS_IGNORE);
            exchange_column(grid, u, outgoing, incoming, 1, west, HALO_SIDE + 1, east, 2);
            exchange_column(grid, u, outgoing, incoming, HALO_SIDE, east, 0, west, 3);
            for (int i = 1; i <= HALO_SIDE; i++) {
                int row = i * HALO_STRIDE;
                for (int j = 1; j <= HALO_SIDE; j++)
                    next[row + j] = 0.25 * (u[row - HALO_STRIDE + j] + u[row + HALO_STRIDE + j] + u[row + j - 1] + u[row + j + 1]);
            }
            double *swap = u;
            u = next;
            next = swap;
        }
        if (b >= 0)
            batch_us[b] = (now_us() - start) / steps;
    }
    if (rank == 0)
        printf("halo %d %.4f\n", ranks, median(batch_us, BATCHES));
    free(u);
    free(next);
    MPI_Comm_free(&grid);
}

/* Ends the PMI-1 connection to hydra's proxy as MPI_Finalize would ("cmd=finalize", then "cmd=finalize_ack"). A
   process that leaves without it looks failed to hydra: under its default auto-cleanup it SIGKILLs the ranks still
   running, so about one run in six of "mpiexec -n 4 osu_like halo" ended "Killed (signal 9)" (exit status 9) after
   printing its results. Hpc's per-node proxies do the same (proxy/Hpc.Proxy/Mpich/PmiConnection.cs). */
static void pmi_finalize(void)
{
    const char *fd_text = getenv("PMI_FD");
    const char *version = getenv("PMI_VERSION");
    if (!fd_text || (version && strcmp(version, "1") != 0))
        return;
    int fd = atoi(fd_text);
    const char command[] = "cmd=finalize\n";
    for (size_t sent = 0; sent < sizeof command - 1;) {
        ssize_t written = write(fd, command + sent, sizeof command - 1 - sent);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        sent += (size_t)written;
    }
    char answer[128];
    for (;;) {
        struct pollfd ready = { .fd = fd, .events = POLLIN };
        int count = poll(&ready, 1, 5000);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            return;
        ssize_t got = read(fd, answer, sizeof answer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || memchr(answer, '\n', (size_t)got))
            return;
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const char *measure = argc > 1 ? argv[1] : "";
    int point_to_point = strcmp(measure, "latency") == 0 || strcmp(measure, "bandwidth") == 0;

    if (!point_to_point && strcmp(measure, "collectives") != 0 && strcmp(measure, "halo") != 0 && strcmp(measure, "overlap") != 0) {
        if (rank == 0)
            fprintf(stderr, "usage: osu_like latency|bandwidth|collectives|halo|overlap\n");
        MPI_Finalize();
        return 2;
    }
    if (point_to_point && ranks < 2) {
        if (rank == 0)
            fprintf(stderr, "osu_like: %s needs at least 2 ranks\n", measure);
        MPI_Finalize();
        return 2;
    }

    if (strcmp(measure, "collectives") == 0) {
        collectives(rank, ranks);
    } else if (strcmp(measure, "halo") == 0) {
        halo(rank, ranks);
    } else if (strcmp(measure, "overlap") == 0) {
        overlap(rank, ranks);
    } else {
        char *send_buffer = aligned_alloc(4096, MAX_SIZE), *receive_buffer = aligned_alloc(4096, MAX_SIZE);
        if (!send_buffer || !receive_buffer)
            MPI_Abort(MPI_COMM_WORLD, 1);
        memset(send_buffer, 'a', MAX_SIZE);
        memset(receive_buffer, 'b', MAX_SIZE);
        if (strcmp(measure, "latency") == 0)
            latency(rank, send_buffer);
        else
            bandwidth(rank, send_buffer, receive_buffer);
        free(send_buffer);
        free(receive_buffer);
    }
    fflush(stdout);
    /* MPI_Finalize can hang over UCX TCP with 3+ ranks on separate nodes (MULTINODE-NOTES.md): every rank passes a
       barrier, then leaves without it, as Hpc's per-node proxies do, ending its PMI connection first. */
    MPI_Barrier(MPI_COMM_WORLD);
    pmi_finalize();
    _exit(0);
}
