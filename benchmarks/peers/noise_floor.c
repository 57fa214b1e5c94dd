/* The C floor of hermit-noise: the same noise probes as Hpc.Noise (FWQ, FTQ, selfish detour, hourglass), the
 * same work chain (a 64-bit LCG), the same TSC calibration and the same output files (core-CPU.csv and
 * core-CPU.meta), one pthread pinned per cpu, released together by a barrier. Built by hermit-noise with
 *   gcc -O2 -pthread -o noise_floor noise_floor.c
 * Arguments are key=value words: method= samples= quantum-us= threshold-us= duration-ms= out= cpus= warmup=. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

enum method { FWQ, FTQ, SELFISH, HOURGLASS };

static enum method g_method = FWQ;
static long g_samples = 20000, g_warmup = 1000, g_max_detours = 1000000, g_alloc = 0;
static double g_quantum_us = 100, g_threshold_us = 0.5, g_duration_ms = -1;
static const char *g_out = "noise";
static int g_cpus[1024], g_ncpus;
static pthread_barrier_t g_barrier;
static volatile uint64_t g_sink;

static int64_t mono_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t utc_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static inline int64_t tsc(void) { return (int64_t)__rdtsc(); }

/* The work chain; noinline so that it is the same call as in C#. */
__attribute__((noinline)) static uint64_t work(long iterations, uint64_t x) {
    for (long i = 0; i < iterations; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        __asm__ volatile("" : "+r"(x)); /* keeps the chain from being folded */
    }
    return x;
}

/* One TSC and monotonic reading taken together (the narrowest of a few tries). */
static void pair(int64_t *t, int64_t *m) {
    int64_t best = INT64_MAX;
    for (int i = 0; i < 16; i++) {
        int64_t before = tsc(), mono = mono_ns(), after = tsc();
        if (after - before < best) { best = after - before; *t = before + (after - before) / 2; *m = mono; }
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* TSC ticks per ns: the median of five 20 ms windows. */
static double calibrate(void) {
    double rates[5];
    for (int i = 0; i < 5; i++) {
        int64_t t0, m0, t1, m1;
        pair(&t0, &m0);
        while (mono_ns() - m0 < 20000000) { }
        pair(&t1, &m1);
        rates[i] = (double)(t1 - t0) / (double)(m1 - m0);
    }
    qsort(rates, 5, sizeof rates[0], cmp_double);
    return rates[2];
}

static long iterations_for(double ns, double tpns) {
    const long probe = 200000;
    int64_t best = INT64_MAX;
    for (int i = 0; i < 30; i++) {
        int64_t s = tsc();
        g_sink ^= work(probe, (uint64_t)i);
        int64_t d = tsc() - s;
        if (d < best) best = d;
    }
    double ns_per_iteration = (double)best / tpns / probe;
    long n = (long)(ns / ns_per_iteration);
    return n > 0 ? n : 1;
}

struct series { int64_t *starts, *values, histogram[64], begin, end; long count, work_per_unit; };

static int64_t *touched(long n) {
    int64_t *a = malloc((size_t)n * sizeof *a);
    if (!a) { perror("malloc"); exit(1); }
    memset(a, 0, (size_t)n * sizeof *a);
    return a;
}

static void run(struct series *s, long samples, double tpns) {
    double duration_ms = g_duration_ms > 0 ? g_duration_ms : samples * g_quantum_us / 1000;
    memset(s->histogram, 0, sizeof s->histogram);
    s->starts = s->values = NULL;
    s->work_per_unit = 0;
    if (g_method == FWQ) {
        long n = iterations_for(g_quantum_us * 1000, tpns);
        uint64_t x = work(n, 1);
        s->starts = touched(samples); s->values = touched(samples);
        static __thread char *kept[64];
        s->begin = tsc();
        for (long i = 0; i < samples; i++) {
            int64_t a = tsc();
            if (g_alloc > 0) { /* as `new byte[n]` in C#: a zeroed block that lives a while */
                free(kept[i & 63]);
                kept[i & 63] = calloc(1, (size_t)g_alloc);
            }
            x = work(n, x);
            int64_t b = tsc();
            s->starts[i] = a; s->values[i] = b - a;
        }
        s->end = tsc(); s->count = samples; s->work_per_unit = n; g_sink ^= x;
    } else if (g_method == FTQ) {
        int64_t interval = (int64_t)(g_quantum_us * 1000 * tpns);
        uint64_t x = work(256, 1);
        long index = 0, count = 0;
        s->starts = touched(samples); s->values = touched(samples);
        s->begin = tsc();
        while (index < samples) {
            x = work(256, x);
            count++;
            int64_t reached = (tsc() - s->begin) / interval;
            if (reached > index) {
                s->starts[index] = s->begin + index * interval; s->values[index] = count; count = 0;
                for (index++; index < reached && index < samples; index++) {
                    s->starts[index] = s->begin + index * interval; s->values[index] = 0;
                }
            }
        }
        s->end = tsc(); s->count = samples; s->work_per_unit = 256; g_sink ^= x;
    } else {
        int64_t threshold = (int64_t)(g_threshold_us * 1000 * tpns);
        int64_t duration = (int64_t)(duration_ms * 1e6 * tpns);
        long count = 0;
        if (g_method == SELFISH) { s->starts = touched(g_max_detours); s->values = touched(g_max_detours); }
        s->begin = tsc();
        int64_t end = s->begin + duration, previous = s->begin;
        while (previous < end && (g_method == HOURGLASS || count < g_max_detours)) {
            int64_t now = tsc(), gap = now - previous;
            if (g_method == SELFISH) {
                if (gap > threshold) { s->starts[count] = previous; s->values[count] = gap; count++; }
            } else {
                s->histogram[63 - __builtin_clzll((uint64_t)(gap > 0 ? gap : 1))]++;
            }
            previous = now;
        }
        s->end = previous; s->count = count;
    }
}

static void *probe(void *arg) {
    int cpu = (int)(intptr_t)arg;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) { fprintf(stderr, "noise_floor: cannot pin to cpu %d\n", cpu); exit(1); }
    double tpns = calibrate();
    int64_t origin_tsc, origin_mono;
    pair(&origin_tsc, &origin_mono);
    int64_t utc_offset = utc_ns() - mono_ns();
    struct series s;
    if (g_warmup > 0) { run(&s, g_warmup, tpns); free(s.starts); free(s.values); }
    pthread_barrier_wait(&g_barrier);
    struct rusage before, after;
    getrusage(RUSAGE_THREAD, &before);
    run(&s, g_samples, tpns);
    getrusage(RUSAGE_THREAD, &after);

#define MONO(t) (origin_mono + (int64_t)((double)((t) - origin_tsc) / tpns))
    char path[4096];
    snprintf(path, sizeof path, "%s/core-%d.meta", g_out, cpu);
    FILE *meta = fopen(path, "w");
    if (!meta) { perror(path); exit(1); }
    static const char *names[] = { "fwq", "ftq", "selfish", "hourglass" };
    /* tid: the measured thread, so a scheduler trace of its cpu tells it from the tasks that interrupt it. */
    fprintf(meta, "tid=%ld\n", (long)syscall(SYS_gettid));
    fprintf(meta, "system=c\nmethod=%s\ncpu=%d\nrank=%d\npid=%d\nquantum_us=%g\nalloc_bytes=%ld\nthreshold_us=%g\n"
            "ticks_per_ns=%.17g\ntsc=rdtsc\nstart_ns=%lld\nend_ns=%lld\nutc_offset_ns=%lld\nwork_per_unit=%ld\n"
            "gcs=0\njit_methods=0\n",
            names[g_method], cpu, cpu, (int)getpid(), g_quantum_us, g_alloc, g_threshold_us, tpns, (long long)MONO(s.begin),
            (long long)MONO(s.end), (long long)utc_offset, s.work_per_unit);
    long voluntary = after.ru_nvcsw - before.ru_nvcsw, involuntary = after.ru_nivcsw - before.ru_nivcsw;
    if (voluntary) fprintf(meta, "ctx:voluntary=%ld\n", voluntary);
    if (involuntary) fprintf(meta, "ctx:involuntary=%ld\n", involuntary);
    fclose(meta);

    snprintf(path, sizeof path, "%s/core-%d.csv", g_out, cpu);
    FILE *csv = fopen(path, "w");
    if (!csv) { perror(path); exit(1); }
    if (g_method == HOURGLASS) {
        fprintf(csv, "gap_from_ns,count\n");
        for (int i = 0; i < 64; i++) if (s.histogram[i]) fprintf(csv, "%.1f,%lld\n", (double)(1ULL << i) / tpns, (long long)s.histogram[i]);
    } else {
        fprintf(csv, g_method == FTQ ? "start_ns,work\n" : "start_ns,ns\n");
        for (long i = 0; i < s.count; i++) {
            if (g_method == FTQ) fprintf(csv, "%lld,%lld\n", (long long)MONO(s.starts[i]), (long long)s.values[i]);
            else fprintf(csv, "%lld,%.1f\n", (long long)MONO(s.starts[i]), (double)s.values[i] / tpns);
        }
    }
    fclose(csv);
    return NULL;
}

static void parse_cpus(const char *text) {
    char *copy = strdup(text), *save = NULL;
    for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        int first, last;
        if (sscanf(part, "%d-%d", &first, &last) != 2) last = first = atoi(part);
        for (int c = first; c <= last && g_ncpus < 1024; c++) g_cpus[g_ncpus++] = c;
    }
    free(copy);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) { fprintf(stderr, "noise_floor: expected key=value, not %s\n", argv[i]); return 2; }
        *eq = 0;
        const char *k = argv[i], *v = eq + 1;
        if (!strcmp(k, "method")) {
            if (!strcmp(v, "fwq")) g_method = FWQ; else if (!strcmp(v, "ftq")) g_method = FTQ;
            else if (!strcmp(v, "selfish")) g_method = SELFISH; else if (!strcmp(v, "hourglass")) g_method = HOURGLASS;
            else { fprintf(stderr, "noise_floor: unknown method %s\n", v); return 2; }
        } else if (!strcmp(k, "samples")) g_samples = atol(v);
        else if (!strcmp(k, "quantum-us")) g_quantum_us = atof(v);
        else if (!strcmp(k, "threshold-us")) g_threshold_us = atof(v);
        else if (!strcmp(k, "duration-ms")) g_duration_ms = atof(v);
        else if (!strcmp(k, "out")) g_out = v;
        else if (!strcmp(k, "cpus")) parse_cpus(v);
        else if (!strcmp(k, "warmup")) g_warmup = atol(v);
        else if (!strcmp(k, "alloc")) g_alloc = atol(v); /* FWQ only */
        else { fprintf(stderr, "noise_floor: unknown argument %s\n", k); return 2; }
    }
    if (g_ncpus == 0) g_cpus[g_ncpus++] = 0;
    if (g_samples < 1 || g_quantum_us < 1) { fprintf(stderr, "noise_floor: samples and quantum-us must be positive\n"); return 2; }
    if (mkdir(g_out, 0755) != 0 && errno != EEXIST) { perror(g_out); return 1; }
    pthread_barrier_init(&g_barrier, NULL, (unsigned)g_ncpus);
    pthread_t threads[1024];
    for (int i = 0; i < g_ncpus; i++) pthread_create(&threads[i], NULL, probe, (void *)(intptr_t)g_cpus[i]);
    for (int i = 0; i < g_ncpus; i++) pthread_join(threads[i], NULL);
    return 0;
}
