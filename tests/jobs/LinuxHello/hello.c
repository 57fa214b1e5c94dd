/* A plain Linux C program for the metal isle's Linux personality (tests/Hpc.Metal.Tests/LinuxProgramTests.cs):
   built with `gcc -static-pie -O2`, booted as the kernel's -initrd module. It touches what glibc's startup and a
   small program need: argv, malloc (brk and mmap), a __thread variable (TLS through the FS base), getpid,
   clock_gettime; with the argument "unknown" it calls a system call no kernel has. It returns 3. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static __thread long tls_counter = 40;

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

    if (argc > 1 && strcmp(argv[1], "unknown") == 0) {
        for (int i = 0; i < 2; i++) {
            errno = 0;
            long r = syscall(999);
            printf("syscall(999) = %ld errno %d\n", r, errno);
        }
    }
    return 3;
}
