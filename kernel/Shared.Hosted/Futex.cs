using System.Runtime.InteropServices;

namespace Hpc.Hosted;

/// <summary>
/// Linux futexes on words in shared memory (not the PRIVATE variants: the waiter and the waker are different
/// processes). The cheapest way to park and wake across processes measured here (≈ 2.8 µs a hand-off).
/// </summary>
internal static unsafe partial class Futex
{
    /// <summary>futex(2) system call number on x86_64.</summary>
    private const long SysFutex = 202;
    /// <summary>FUTEX_WAIT.</summary>
    private const int FutexWait = 0;
    /// <summary>FUTEX_WAKE.</summary>
    private const int FutexWake = 1;

    /// <summary>A relative timeout for FUTEX_WAIT.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        /// <summary>Seconds.</summary>
        public long Seconds;
        /// <summary>Nanoseconds.</summary>
        public long Nanoseconds;
    }

    /// <summary>
    /// Sleeps while <c>*word == expected</c>, until woken, or until <paramref name="timeoutMilliseconds"/> pass
    /// (negative: no timeout). Spurious returns are allowed: callers re-check their condition.
    /// </summary>
    public static void Wait(int* word, int expected, int timeoutMilliseconds = -1)
    {
        if (timeoutMilliseconds < 0)
        {
            _ = Syscall(SysFutex, (nint)word, FutexWait, expected, 0, 0, 0);
            return;
        }

        var timeout = new Timespec
        {
            Seconds = timeoutMilliseconds / 1000,
            Nanoseconds = timeoutMilliseconds % 1000 * 1_000_000L,
        };
        _ = Syscall(SysFutex, (nint)word, FutexWait, expected, (nint)(&timeout), 0, 0);
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters on <paramref name="word"/>.</summary>
    public static void Wake(int* word, int count = int.MaxValue) =>
        _ = Syscall(SysFutex, (nint)word, FutexWake, count, 0, 0, 0);

    /// <summary>libc's syscall(2); only integer arguments are passed, so the variadic convention is harmless.</summary>
    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, nint a1, long a2, long a3, nint a4, nint a5, nint a6);
}
