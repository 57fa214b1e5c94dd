/* A plain Linux C program for the metal isle's Linux personality (tests/Hpc.Metal.Tests/LinuxProgramTests.cs):
   built with `gcc -static-pie -O2`, booted as the kernel's -initrd module. It touches what glibc's startup and a
   small program need: argv, malloc (brk and mmap), a __thread variable (TLS through the FS base), getpid,
   clock_gettime (monotonic and wall), signal actions and masks, the registers a `syscall` must keep; with the argument "unknown" it calls a system call no kernel
   has, with "crash" it stores to page 0, with "threads" it runs four pthreads (mutex, condition variable, sleep,
   join; the kernel's clone, futex and scheduler), with "memory" it reserves, commits, discards and unmaps memory
   as the GC does, with "guard" it reads a PROT_NONE page, with "files" it uses files below its working directory
   through a directory descriptor and a duplicated one (on a metal isle under hermit-run each call goes to the
   proxy). It returns 3. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static __thread long tls_counter = 40;

/* A handler that is installed, never run (nothing is delivered yet). */
static void on_usr1(int signal)
{
    (void)signal;
}

/* The signal state the kernel keeps: an action and the blocked mask read back as set. */
static int signals_kept(void)
{
    struct sigaction action, back;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGUSR2);
    sigset_t blocked, now;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR2);
    return sigaction(SIGUSR1, &action, NULL) == 0 && sigaction(SIGUSR1, NULL, &back) == 0 && back.sa_handler == on_usr1 &&
           sigismember(&back.sa_mask, SIGUSR2) && sigprocmask(SIG_BLOCK, &blocked, NULL) == 0 &&
           sigprocmask(SIG_SETMASK, NULL, &now) == 0 && sigismember(&now, SIGUSR2) && !sigismember(&now, SIGUSR1);
}

/* The `syscall` contract glibc relies on: RAX = result, RCX = the return address, R11 = RFLAGS, every other
   register as it was, SSE registers included (the kernel's message for an unknown call formats numbers, which
   uses SSE registers in the kernel). */
static int registers_survive(long number, long arg0, long arg1, long expected)
{
    register long rax asm("rax") = number;
    register long rdi asm("rdi") = arg0;
    register long rsi asm("rsi") = arg1;
    register long rdx asm("rdx") = 0x3333333333333333;
    register long r10 asm("r10") = 0x4444444444444444;
    register long r8 asm("r8") = 0x5555555555555555;
    register long r9 asm("r9") = 0x6666666666666666;
    register long rcx asm("rcx");
    register long r11 asm("r11");
    register double x0 asm("xmm0") = 1.25;
    register double x9 asm("xmm9") = 2.5;
    register double x15 asm("xmm15") = 3.75;
    long flags, expected_rip;
    /* The flags are read below the red zone (a leaf function's may be live); lea changes no flag, so R11 must
       equal them exactly. */
    __asm__ volatile("leaq -128(%%rsp), %%rsp\n\t"
                     "pushfq\n\t"
                     "popq %[flags]\n\t"
                     "leaq 128(%%rsp), %%rsp\n\t"
                     "leaq 1f(%%rip), %[rip]\n\t"
                     "syscall\n"
                     "1:"
                     : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9), "=r"(rcx), "=r"(r11),
                       "+x"(x0), "+x"(x9), "+x"(x15), [flags] "=&r"(flags), [rip] "=&r"(expected_rip)
                     :
                     : "memory");
    int ok = rax == expected && rdi == arg0 && rsi == arg1 && rdx == 0x3333333333333333 && r10 == 0x4444444444444444 &&
             r8 == 0x5555555555555555 && r9 == 0x6666666666666666 && rcx == expected_rip &&
             (r11 & ~0x10000L) == (flags & ~0x10000L) && x0 == 1.25 && x9 == 2.5 && x15 == 3.75;
    if (!ok)
        printf("registers: rax %lx rdi %lx rsi %lx rdx %lx r10 %lx r8 %lx r9 %lx rcx %lx (expected %lx) r11 %lx "
               "(flags %lx) xmm %g %g %g\n", rax, rdi, rsi, rdx, r10, r8, r9, rcx, expected_rip, r11, flags, x0, x9, x15);
    return ok;
}

enum { WORKERS = 4, ROUNDS = 20000 };
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started_cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int started;
static pid_t worker_tids[WORKERS];
static __thread int worker_tls;

static long monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000L + now.tv_nsec;
}

/* Each worker checks its TLS is its own, sleeps, waits for all to start (condition variable), then increments
   the shared counter under the mutex, which contends across vCPUs (futex waits and wakes). */
static void *worker(void *argument)
{
    long index = (long)argument;
    worker_tls = (int)index + 100;
    worker_tids[index] = gettid();
    struct timespec nap = {0, 5 * 1000 * 1000};
    nanosleep(&nap, NULL);
    pthread_mutex_lock(&counter_lock);
    started++;
    pthread_cond_broadcast(&started_cond);
    while (started < WORKERS)
        pthread_cond_wait(&started_cond, &counter_lock);
    pthread_mutex_unlock(&counter_lock);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
        if (i % 1000 == 0)
            sched_yield();
    }
    return (void *)(long)(worker_tls == (int)index + 100);
}

static void run_threads(void)
{
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    sched_getaffinity(0, sizeof cpus, &cpus);
    printf("threads: %d cpus\n", CPU_COUNT(&cpus));
    long before = monotonic_ns();
    pthread_t threads[WORKERS];
    for (long i = 0; i < WORKERS; i++)
        if (pthread_create(&threads[i], NULL, worker, (void *)i) != 0)
            printf("pthread_create failed\n");
    int tls_ok = 1;
    for (int i = 0; i < WORKERS; i++) {
        void *result;
        pthread_join(threads[i], &result);
        tls_ok &= result == (void *)1L;
    }
    long slept = monotonic_ns() - before;
    int distinct = 1;
    for (int i = 0; i < WORKERS; i++) {
        distinct &= worker_tids[i] != getpid() && worker_tids[i] > 0;
        for (int j = 0; j < i; j++)
            distinct &= worker_tids[i] != worker_tids[j];
    }
    printf("threads: counter %ld, tids %s, tls %s, slept %s\n", counter, distinct ? "distinct" : "shared",
           tls_ok ? "own" : "shared", slept >= 5 * 1000 * 1000 ? "enough" : "too little");
}

/* The GC's way with memory: a huge PROT_NONE reservation (costs nothing until committed), mprotect to commit part
   of it, madvise(DONTNEED) to discard (reads zero after), MAP_FIXED over part of it, munmap, and memory given back
   is reusable (more committed and touched in turns than the VM has). */
static void run_memory(void)
{
    size_t reserve = 64UL << 30;
    char *base = mmap(NULL, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    int reserved = base != MAP_FAILED;
    int committed = reserved && mprotect(base + (1UL << 30), 1 << 20, PROT_READ | PROT_WRITE) == 0;
    if (committed) {
        memset(base + (1UL << 30), 0x5a, 1 << 20);
        committed = base[(1UL << 30) + 12345] == 0x5a;
    }
    int zeroed = committed && madvise(base + (1UL << 30), 1 << 20, MADV_DONTNEED) == 0 && base[(1UL << 30) + 12345] == 0;
    char *fixed = mmap(base + (2UL << 30), 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    int placed = fixed == base + (2UL << 30) && (fixed[0] = 7) == 7 && fixed[8191] == 0;
    int unmapped = munmap(base, reserve) == 0;
    /* 64 rounds of 16 MiB, each touched and given back: 1 GiB through a VM of far less. */
    int reused = 1;
    for (int round = 0; round < 64 && reused; round++) {
        char *block = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        reused = block != MAP_FAILED;
        for (size_t i = 0; reused && i < (16 << 20); i += 4096)
            reused = block[i] == 0 && (block[i] = 1) == 1;
        reused = reused && munmap(block, 16 << 20) == 0;
    }
    printf("memory: reserve %s, commit %s, dontneed %s, fixed %s, unmap %s, reuse %s\n", reserved ? "ok" : "failed",
           committed ? "ok" : "failed", zeroed ? "zeroes" : "keeps", placed ? "ok" : "failed", unmapped ? "ok" : "failed",
           reused ? "ok" : "failed");
}

/* A read of a reserved (PROT_NONE) page: a fault, named with its address. */
static void read_guard(void)
{
    char *base = mmap(NULL, 1 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("guard at %p\n", (void *)(base + 4096));
    fflush(stdout);
    printf("read %d\n", *(volatile char *)(base + 4096));
}

/* Files below the working directory: readlink of "linux-link" (if the caller made one), *at calls on a directory
   descriptor, a descriptor and its dup sharing one offset, pread/lseek/read, a listing, and the errors of a missing
   name. One "files:" line each. */
static void run_files(void)
{
    char cwd[4096];
    printf("files: getcwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : strerror(errno));
    char link[64];
    long linked = readlink("linux-link", link, sizeof link);
    printf("files: readlink %ld %.*s\n", linked, linked > 0 ? (int)linked : 0, link);
    printf("files: mkdir %d\n", mkdir("linux-files", 0755));
    int dir = open("linux-files", O_RDONLY | O_DIRECTORY);
    int fd = openat(dir, "data", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    int copy = dup(fd);
    printf("files: descriptors %s\n", dir >= 0 && fd >= 0 && copy >= 0 ? "open" : strerror(errno));
    long first = write(fd, "abc", 3);
    close(fd);
    long second = write(copy, "def", 3);
    close(copy);
    printf("files: wrote %ld and %ld through a descriptor and its dup\n", first, second);

    struct stat st;
    int stated = fstatat(dir, "data", &st, 0);
    printf("files: fstatat %d, size %ld, regular %d\n", stated, (long)st.st_size, S_ISREG(st.st_mode) ? 1 : 0);
    printf("files: renameat %d\n", renameat(dir, "data", dir, "moved"));

    char text[8] = {0};
    fd = openat(dir, "moved", O_RDONLY);
    long at_two = pread(fd, text, 4, 2);
    long seek = lseek(fd, 1, SEEK_SET);
    long tail = read(fd, text + 4, 3);
    close(fd);
    printf("files: pread %ld, lseek %ld, read %ld: %.7s\n", at_two, seek, tail, text);

    DIR *listing = opendir("linux-files");
    int entries = 0;
    struct dirent *entry;
    while (listing != NULL && (entry = readdir(listing)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
            printf("files: entry %s, type %s\n", entry->d_name, entry->d_type == DT_REG ? "file" : "other");
            entries++;
        }
    }

    if (listing != NULL)
        closedir(listing);
    printf("files: %d entries\n", entries);

    printf("files: unlinkat %d\n", unlinkat(dir, "moved", 0));
    errno = 0;
    int missing = openat(dir, "moved", O_RDONLY);
    int missing_error = errno;
    printf("files: openat of the removed name %d (%s)\n", missing, strerror(missing_error));
    close(dir);
    int removed = unlinkat(AT_FDCWD, "linux-files", AT_REMOVEDIR);
    errno = 0;
    int gone = access("linux-files", F_OK);
    printf("files: rmdir %d, access %d (%s)\n", removed, gone, strerror(errno));
}

int main(int argc, char **argv)
{
    printf("hello from a static PIE, argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);

    char *small = malloc(100);            /* brk */
    char *large = malloc(4 << 20);        /* above the mmap threshold */
    if (!small || !large) {
        printf("malloc failed\n");
        return 1;
    }
    strcpy(small, "heap ok");
    memset(large, 0x5a, 4 << 20);
    long sum = 0;
    for (int i = 0; i < (4 << 20); i += 4096)
        sum += large[i];
    printf("%s, mmap ok %s\n", small, sum == 0x5a * 1024 ? "yes" : "no");
    free(large);
    free(small);

    tls_counter += 2;
    printf("tls %ld\n", tls_counter);
    printf("pid %d\n", (int)getpid());

    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (volatile int i = 0; i < 100000; i++) {
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    long elapsed = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
    printf("clock %s\n", elapsed > 0 ? "advances" : "stuck");
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    printf("realtime %ld\n", (long)wall.tv_sec);

    printf("signals %s\n", signals_kept() ? "kept" : "lost");

    /* glibc finds the main thread's stack in /proc/self/maps (the runtime asks for it the same way). */
    pthread_attr_t attributes;
    void *stack_low = NULL;
    size_t stack_size = 0;
    int local = 0;
    int found = pthread_getattr_np(pthread_self(), &attributes) == 0 && pthread_attr_getstack(&attributes, &stack_low, &stack_size) == 0 &&
                (char *)&local >= (char *)stack_low && (char *)&local < (char *)stack_low + stack_size;
    printf("main stack %s\n", found ? "found" : "not found");

    struct stat st;
    printf("registers %s\n", registers_survive(SYS_fstat, 1, (long)&st, 0) ? "preserved" : "clobbered");

    if (argc > 1 && strcmp(argv[1], "crash") == 0) {
        fflush(stdout);
        *(volatile int *)(long)argc = 1;   /* a store to page 0 */
    }

    if (argc > 1 && strcmp(argv[1], "threads") == 0)
        run_threads();

    if (argc > 1 && strcmp(argv[1], "memory") == 0)
        run_memory();

    if (argc > 1 && strcmp(argv[1], "guard") == 0)
        read_guard();

    if (argc > 1 && strcmp(argv[1], "files") == 0)
        run_files();

    if (argc > 1 && strcmp(argv[1], "unknown") == 0) {
        printf("registers %s\n", registers_survive(999, 0x1111111111111111, 0x2222222222222222, -ENOSYS) ? "preserved" : "clobbered");
        for (int i = 0; i < 2; i++) {
            errno = 0;
            long r = syscall(999);
            printf("syscall(999) = %ld errno %d\n", r, errno);
        }
    }
    return 3;
}
