/*
 * The floor: the one-way latency of a cache line between two cpus, the least any shared-memory message can cost.
 * Two threads pinned to cpu A and cpu B (default 0 and 1) bounce one padded cache line: A writes odd values and
 * waits for the next even one, B the reverse. One-way = round trip / 2; prints "floor NS", the median of batches.
 *
 *   cacheline_pingpong [CPU_A CPU_B]        built by benchmarks/run with gcc -O2 -pthread
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BATCHES 201
#define ROUND_TRIPS 10000

/* Two lines' worth of padding so that the adjacent-line prefetcher drags nothing else along. */
static struct {
    _Alignas(128) _Atomic uint64_t value;
    char padding[128 - sizeof(uint64_t)];
} line;

static int cpus[2];

static int pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Answers every odd value with the next even one, for the warm-up batch and all timed ones. */
static void *responder(void *unused)
{
    (void)unused;
    if (pin(cpus[1]) != 0) {
        fprintf(stderr, "cacheline_pingpong: cannot pin to cpu %d\n", cpus[1]);
        exit(1);
    }
    uint64_t total = (uint64_t)(BATCHES + 1) * ROUND_TRIPS;
    for (uint64_t i = 0; i < total; i++) {
        uint64_t odd = 2 * i + 1;
        while (atomic_load_explicit(&line.value, memory_order_acquire) != odd)
            ;
        atomic_store_explicit(&line.value, odd + 1, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    cpus[0] = argc > 2 ? atoi(argv[1]) : 0;
    cpus[1] = argc > 2 ? atoi(argv[2]) : 1;
    if (pin(cpus[0]) != 0) {
        fprintf(stderr, "cacheline_pingpong: cannot pin to cpu %d\n", cpus[0]);
        return 1;
    }
    pthread_t thread;
    if (pthread_create(&thread, NULL, responder, NULL) != 0)
        return 1;

    static double one_way_ns[BATCHES];
    uint64_t next = 0;
    /* Batch -1 is the warm-up: both threads running, the line in place. */
    for (int b = -1; b < BATCHES; b++) {
        double start = now_ns();
        for (int i = 0; i < ROUND_TRIPS; i++, next += 2) {
            atomic_store_explicit(&line.value, next + 1, memory_order_release);
            while (atomic_load_explicit(&line.value, memory_order_acquire) != next + 2)
                ;
        }
        if (b >= 0)
            one_way_ns[b] = (now_ns() - start) / (2.0 * ROUND_TRIPS);
    }
    pthread_join(thread, NULL);

    qsort(one_way_ns, BATCHES, sizeof one_way_ns[0], compare_doubles);
    printf("floor %.1f\n", one_way_ns[BATCHES / 2]);
    return 0;
}
