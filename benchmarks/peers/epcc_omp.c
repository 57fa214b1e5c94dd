// EPCC OpenMP micro-benchmarks (syncbench and schedbench method, J. M. Bull et al., v3.1), written afresh for Hpc's
// benchmarks/run omp: the overhead of a construct is the time per repetition of the construct around a calibrated
// delay minus the time of the same delays run sequentially. The inner repetition count is calibrated on the test so
// that one timing lasts about TEST_TIME_US; then reference and test are timed in pairs with that same count, and the
// overhead is the median of the pairs' differences, with its 95 % confidence interval from order statistics. Pairs
// are added in batches of OUTER_REPS until the interval is narrow (MAX_PAIRS at most): a reference measured in a
// quieter moment than its test can then no longer pass for a negative overhead; an interval that reaches zero or
// below is reported as such and the runner prints the figure as unresolved.
// The C# driver (benchmarks/Hpc.Benchmarks.OpenMp) uses the same method, counts and delay time: change both together.
//
// usage: epcc_omp [sync] [sched]       (both when no argument)
// prints: "omp-MEASURE THREADS OVERHEAD LOW HIGH" lines (microseconds; LOW and HIGH bound the 95 % interval), MEASURE
//         as parallel, for, parallel_for, barrier, single, critical, lock, atomic, reduction, sched_static, ...
#define _GNU_SOURCE
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTER_REPS 20
#define MAX_PAIRS 100
#define RESOLUTION_US 0.005
#define TEST_TIME_US 1000.0
#define DELAY_TIME_US 0.10
#define SCHED_DELAY_TIME_US 1.0
#define SCHED_ITERS_PER_THREAD 64

static int delay_length;
static int sched_delay_length;
static int nthreads;
static double shared_sum;
static omp_lock_t lock;

// The delay of EPCC: a float sum the compiler can neither remove nor turn into a closed form.
static void __attribute__((noinline)) delay(int length) {
  float a = 0.0f;
  for (int i = 0; i < length; i++) a += (float)i;
  if (a < 0) printf("%f", a);
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

// The delay length whose run takes `us` microseconds.
static int calibrate_delay(double us) {
  int length = 1000;
  for (;;) {
    double start = omp_get_wtime();
    for (int r = 0; r < 1000; r++) delay(length);
    double per = (omp_get_wtime() - start) * 1e6 / 1000;
    if (per > 20 * us || length > 1 << 28) return (int)(length * us / per) > 0 ? (int)(length * us / per) : 1;
    length *= 2;
  }
}

typedef void (*test_fn)(int innerreps);

// The inner count for `test`: one timing lasts TEST_TIME_US, judged by the fastest of three timings (one preemption
// during calibration must not leave the count too small).
static int inner_reps(test_fn test) {
  int innerreps = 1;
  test(innerreps);  // warm-up
  for (;;) {
    double fastest = 1e300;
    for (int t = 0; t < 3; t++) {
      double start = omp_get_wtime();
      test(innerreps);
      double elapsed = (omp_get_wtime() - start) * 1e6;
      if (elapsed < fastest) fastest = elapsed;
    }
    if (fastest >= TEST_TIME_US || innerreps >= 1 << 26) return innerreps;
    innerreps *= 2;
  }
}

// Microseconds per inner repetition of one timing of `test`.
static double time_once(test_fn test, int innerreps) {
  double start = omp_get_wtime();
  test(innerreps);
  return (omp_get_wtime() - start) * 1e6 / innerreps;
}

typedef struct { double median, low, high; } overhead_t;

// The overhead of `test` over `reference`: the median of paired differences and its 95 % confidence interval (the
// order statistics n/2 -+ 1.96 sqrt(n)/2 of n sorted differences), pairs added until the interval is at most a
// tenth of the median or RESOLUTION_US wide.
static overhead_t overhead(test_fn test, test_fn reference) {
  static double diffs[MAX_PAIRS], sorted[MAX_PAIRS];
  int innerreps = inner_reps(test);
  reference(innerreps);  // warm-up
  overhead_t result = {0, 0, 0};
  int n = 0;
  while (n < MAX_PAIRS) {
    for (int k = 0; k < OUTER_REPS && n < MAX_PAIRS; k++, n++) {
      double ref = time_once(reference, innerreps);
      diffs[n] = time_once(test, innerreps) - ref;
    }
    memcpy(sorted, diffs, n * sizeof(double));
    qsort(sorted, n, sizeof(double), cmp_double);
    double half = 1.96 * sqrt((double)n) / 2;
    int lo = (int)floor(n / 2.0 - half), hi = (int)ceil(n / 2.0 + half) - 1;
    if (lo < 0) lo = 0;
    if (hi > n - 1) hi = n - 1;
    result.median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    result.low = sorted[lo];
    result.high = sorted[hi];
    if (result.high - result.low <= fmax(0.1 * fabs(result.median), RESOLUTION_US)) break;
  }
  return result;
}

static void ref_delay(int innerreps) { for (int j = 0; j < innerreps; j++) delay(delay_length); }
// EPCC's atomic test has no delay: the reference is the same adds done by one thread without atomics.
static void ref_atomic(int innerreps) {
  for (int j = 0; j < innerreps; j++) shared_sum += 1.0;
}
static void test_parallel(int innerreps) {
  for (int j = 0; j < innerreps; j++) {
#pragma omp parallel
    delay(delay_length);
  }
}
static void test_for(int innerreps) {
#pragma omp parallel
  for (int j = 0; j < innerreps; j++) {
#pragma omp for
    for (int i = 0; i < nthreads; i++) delay(delay_length);
  }
}
static void test_parallel_for(int innerreps) {
  for (int j = 0; j < innerreps; j++) {
#pragma omp parallel for
    for (int i = 0; i < nthreads; i++) delay(delay_length);
  }
}
static void test_barrier(int innerreps) {
#pragma omp parallel
  for (int j = 0; j < innerreps; j++) {
    delay(delay_length);
#pragma omp barrier
  }
}
static void test_single(int innerreps) {
#pragma omp parallel
  for (int j = 0; j < innerreps; j++) {
#pragma omp single
    delay(delay_length);
  }
}
static void test_critical(int innerreps) {
#pragma omp parallel
  for (int j = 0; j < innerreps / nthreads; j++) {
#pragma omp critical
    delay(delay_length);
  }
}
static void test_lock(int innerreps) {
#pragma omp parallel
  for (int j = 0; j < innerreps / nthreads; j++) {
    omp_set_lock(&lock);
    delay(delay_length);
    omp_unset_lock(&lock);
  }
}
static void test_atomic(int innerreps) {
#pragma omp parallel
  for (int j = 0; j < innerreps / nthreads; j++) {
#pragma omp atomic
    shared_sum += 1.0;
  }
}
static void test_reduction(int innerreps) {
  for (int j = 0; j < innerreps; j++) {
    double sum = 0;
#pragma omp parallel reduction(+ : sum)
    {
      delay(delay_length);
      sum += 1.0;
    }
    shared_sum += sum;
  }
}

static void ref_sched(int innerreps) {
  for (int j = 0; j < innerreps; j++)
    for (int i = 0; i < SCHED_ITERS_PER_THREAD; i++) delay(sched_delay_length);
}
#define SCHED_TEST(name, clause)                                          \
  static void name(int innerreps) {                                       \
    _Pragma("omp parallel") for (int j = 0; j < innerreps; j++) {         \
      _Pragma(clause) for (int i = 0; i < SCHED_ITERS_PER_THREAD * nthreads; i++) \
          delay(sched_delay_length);                                      \
    }                                                                     \
  }
SCHED_TEST(test_static, "omp for schedule(static)")
SCHED_TEST(test_static_1, "omp for schedule(static, 1)")
SCHED_TEST(test_static_16, "omp for schedule(static, 16)")
SCHED_TEST(test_dynamic_1, "omp for schedule(dynamic, 1)")
SCHED_TEST(test_dynamic_16, "omp for schedule(dynamic, 16)")
SCHED_TEST(test_guided_1, "omp for schedule(guided, 1)")
SCHED_TEST(test_guided_16, "omp for schedule(guided, 16)")

static void report(const char *measure, test_fn test, test_fn reference) {
  overhead_t o = overhead(test, reference);
  printf("omp-%s %d %.6f %.6f %.6f\n", measure, nthreads, o.median, o.low, o.high);
  fflush(stdout);
}

int main(int argc, char **argv) {
  int sync = argc < 2, sched = argc < 2;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "sync")) sync = 1;
    else if (!strcmp(argv[i], "sched")) sched = 1;
    else { fprintf(stderr, "usage: epcc_omp [sync] [sched]\n"); return 2; }
  }
  nthreads = omp_get_max_threads();
  omp_init_lock(&lock);
  delay_length = calibrate_delay(DELAY_TIME_US);
  sched_delay_length = calibrate_delay(SCHED_DELAY_TIME_US);
  if (sync) {
    report("parallel", test_parallel, ref_delay);
    report("for", test_for, ref_delay);
    report("parallel_for", test_parallel_for, ref_delay);
    report("barrier", test_barrier, ref_delay);
    report("single", test_single, ref_delay);
    report("critical", test_critical, ref_delay);
    report("lock", test_lock, ref_delay);
    report("atomic", test_atomic, ref_atomic);
    report("reduction", test_reduction, ref_delay);
  }
  if (sched) {
    report("sched_static", test_static, ref_sched);
    report("sched_static_1", test_static_1, ref_sched);
    report("sched_static_16", test_static_16, ref_sched);
    report("sched_dynamic_1", test_dynamic_1, ref_sched);
    report("sched_dynamic_16", test_dynamic_16, ref_sched);
    report("sched_guided_1", test_guided_1, ref_sched);
    report("sched_guided_16", test_guided_16, ref_sched);
  }
  omp_destroy_lock(&lock);
  return 0;
}
