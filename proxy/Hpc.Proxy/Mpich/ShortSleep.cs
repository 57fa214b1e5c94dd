using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// Sleeps of tens of microseconds for the MPI thread's back-off (Thread.Sleep and the futex helper count in
/// milliseconds). The calling thread's timer slack is cut to 1 µs first, else Linux adds 50 µs to every sleep.
/// </summary>
internal static partial class ShortSleep
{
    /// <summary>PR_SET_TIMERSLACK.</summary>
    private const int SetTimerSlack = 29;

    /// <summary>Sets the calling thread's timer slack to 1 µs (best effort: a failure only makes sleeps longer).</summary>
    public static void TightenTimerSlack() => _ = Prctl(SetTimerSlack, 1000, 0, 0, 0);

    /// <summary>Sleeps about <paramref name="microseconds"/> µs (a signal may end it early, which is harmless here).</summary>
    public static unsafe void For(int microseconds)
    {
        var duration = new Timespec { Seconds = microseconds / 1_000_000, Nanoseconds = microseconds % 1_000_000 * 1000L };
        _ = Nanosleep(&duration, null);
    }

    /// <summary>struct timespec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        /// <summary>Seconds.</summary>
        public long Seconds;
        /// <summary>Nanoseconds.</summary>
        public long Nanoseconds;
    }

    /// <summary>nanosleep(2).</summary>
    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static unsafe partial int Nanosleep(Timespec* duration, Timespec* remaining);

    /// <summary>prctl(2) with integer arguments.</summary>
    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint a2, nuint a3, nuint a4, nuint a5);
}
