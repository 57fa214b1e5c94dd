using System.Runtime.InteropServices;

namespace Hpc.Hosted;

/// <summary>
/// Linux futexes: shared ones on words in the segment (the waiter and the waker are different processes), private
/// ones for the isle scheduler's hand-offs between threads of one isle (≈ 10 % cheaper), and futex_waitv for a core
/// that sleeps on all its ranks' doorbells at once. The cheapest way to park and wake measured here.
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

    /// <summary>The most futexes one <c>futex_waitv</c> call accepts (FUTEX_WAITV_MAX).</summary>
    public const int WaitvMax = 128;
    /// <summary>futex_waitv(2) on x86_64.</summary>
    private const long SysFutexWaitv = 449;
    /// <summary>FUTEX_WAIT | FUTEX_PRIVATE_FLAG.</summary>
    private const int FutexWaitPrivate = 0 | 128;
    /// <summary>FUTEX_WAKE | FUTEX_PRIVATE_FLAG.</summary>
    private const int FutexWakePrivate = 1 | 128;
    /// <summary>FUTEX2_SIZE_U32 without FUTEX2_PRIVATE: a 32-bit word that other processes may wake.</summary>
    private const uint Futex2SharedU32 = 0x02;
    /// <summary>errno: the kernel has no such system call.</summary>
    private const int ENOSYS = 38;

    /// <summary>One entry of a <c>futex_waitv</c> call (<c>struct futex_waitv</c>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct WaitvEntry
    {
        /// <summary>The value the word must still hold for the caller to sleep.</summary>
        public ulong Value;
        /// <summary>The word's address.</summary>
        public ulong Address;
        /// <summary>FUTEX2_* flags.</summary>
        public uint Flags;
        /// <summary>Must be zero.</summary>
        public uint Reserved;

        /// <summary>An entry for a shared 32-bit word expected to hold <paramref name="expected"/>.</summary>
        public static WaitvEntry Shared(int* word, int expected) => new()
        {
            Value = (uint)expected,
            Address = (ulong)word,
            Flags = Futex2SharedU32,
        };
    }

    /// <summary>Sleeps while <c>*word == expected</c> (process-private). Spurious returns are allowed.</summary>
    public static void WaitPrivate(int* word, int expected) =>
        _ = Syscall(SysFutex, (nint)word, FutexWaitPrivate, expected, 0, 0, 0);

    /// <summary>Wakes one process-private waiter on <paramref name="word"/>.</summary>
    public static void WakeOnePrivate(int* word) =>
        _ = Syscall(SysFutex, (nint)word, FutexWakePrivate, 1, 0, 0, 0);

    /// <summary>
    /// Sleeps until one of the words is woken or already differs from its expected value (no timeout). Spurious
    /// returns are allowed. False only when the kernel lacks <c>futex_waitv</c>: the caller must then poll.
    /// </summary>
    public static bool WaitAny(ReadOnlySpan<WaitvEntry> entries)
    {
        System.Diagnostics.Debug.Assert(entries.Length is > 0 and <= WaitvMax, "futex_waitv takes 1..128 words");
        long result;
        fixed (WaitvEntry* p = entries)
        {
            result = SyscallWithErrno(SysFutexWaitv, (nint)p, entries.Length, 0, 0, 0, 0);
        }

        return result >= 0 || Marshal.GetLastPInvokeError() != ENOSYS;
    }

    /// <summary>libc's syscall(2), keeping errno for <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallWithErrno(long number, nint a1, long a2, long a3, nint a4, nint a5, nint a6);
}
