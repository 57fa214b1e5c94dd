// EPCC OpenMP micro-benchmarks (syncbench and schedbench method, J. M. Bull et al.), written afresh for Hpc's
// benchmarks/run omp: the overhead of a construct is the time per repetition of the construct around a calibrated
// delay minus the time of the same delays run sequentially. Each test is timed OUTER_REPS times after a warm-up,
// with the inner repetition count calibrated so that one timing lasts about TEST_TIME_US; the median is printed.
// The C# driver (benchmarks/Hpc.Benchmarks.OpenMp) uses the same method, counts and delay time: change both together.
//
// usage: epcc_omp [sync] [sched]       (both when no argument)
// prints: "omp-MEASURE THREADS MICROSECONDS" lines, MEASURE as parallel, for, parallel_for, barrier, single,
//         critical, lock, atomic, reduction, sched_static, sched_static_1, sched_dynamic_1, ...
#define _GNU_SOURCE
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTER_REPS 20
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

static double median(double *values, int count) {
  qsort(values, count, sizeof(double), cmp_double);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
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

// Median microseconds per inner repetition of `test`, inner count calibrated to TEST_TIME_US (judged by the fastest
// of three timings, so one preemption during calibration does not leave the count too small).
static double time_test(test_fn test) {
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
    if (fastest >= TEST_TIME_US || innerreps >= 1 << 26) break;
    innerreps *= 2;
  }
  double samples[OUTER_REPS];
  for (int k = 0; k < OUTER_REPS; k++) {
    double start = omp_get_wtime();
    test(innerreps);
    samples[k] = (omp_get_wtime() - start) * 1e6 / innerreps;
  }
  return median(samples, OUTER_REPS);
}

static void ref_delay(int innerreps) { for (int j = 0; j < innerreps; j++) delay(delay_length); }
static void ref_atomic(int innerreps) {
  for (int j = 0; j < innerreps; j++) { delay(delay_length); shared_sum += 1.0; }
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
    delay(delay_length);
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

static void report(const char *measure, double test_us, double ref_us) {
  printf("omp-%s %d %.6f\n", measure, nthreads, test_us - ref_us);
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
    double ref = time_test(ref_delay);
    report("parallel", time_test(test_parallel), ref);
    report("for", time_test(test_for), ref);
    report("parallel_for", time_test(test_parallel_for), ref);
    report("barrier", time_test(test_barrier), ref);
    report("single", time_test(test_single), ref);
    report("critical", time_test(test_critical), ref);
    report("lock", time_test(test_lock), ref);
    report("atomic", time_test(test_atomic), time_test(ref_atomic));
    report("reduction", time_test(test_reduction), ref);
  }
  if (sched) {
    double ref = time_test(ref_sched);
    report("sched_static", time_test(test_static), ref);
    report("sched_static_1", time_test(test_static_1), ref);
    report("sched_static_16", time_test(test_static_16), ref);
    report("sched_dynamic_1", time_test(test_dynamic_1), ref);
    report("sched_dynamic_16", time_test(test_dynamic_16), ref);
    report("sched_guided_1", time_test(test_guided_1), ref);
    report("sched_guided_16", time_test(test_guided_16), ref);
  }
  omp_destroy_lock(&lock);
  return 0;
}
