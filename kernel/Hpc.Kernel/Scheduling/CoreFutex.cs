using System.Runtime.InteropServices;

namespace Hpc.Scheduling;

/// <summary>
/// The futex calls of the isle scheduler beyond <see cref="Hpc.Hosted.Futex"/>: process-private wait and wake for the
/// per-rank hand-off words (no cross-process key lookup), and <c>futex_waitv</c> (Linux 5.16+) to sleep on all the
/// doorbells of a core at once.
/// </summary>
internal static unsafe partial class CoreFutex
{
    /// <summary>The most futexes one <c>futex_waitv</c> call accepts (FUTEX_WAITV_MAX).</summary>
    public const int WaitvMax = 128;

    /// <summary>futex(2) on x86_64.</summary>
    private const long SysFutex = 202;
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

    /// <summary>libc's syscall(2) with integer arguments only, errno not kept (the hot hand-off path).</summary>
    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, nint a1, long a2, long a3, nint a4, nint a5, nint a6);

    /// <summary>libc's syscall(2), keeping errno for <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallWithErrno(long number, nint a1, long a2, long a3, nint a4, nint a5, nint a6);
}
