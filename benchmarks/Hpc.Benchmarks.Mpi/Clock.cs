using System.Diagnostics;

namespace Hpc.Benchmarks.Mpi;

/// <summary>Elapsed time from <see cref="Stopwatch"/> ticks, the finest clock the runtime offers.</summary>
internal static class Clock
{
    /// <summary>Microseconds per Stopwatch tick.</summary>
    private static readonly double s_microsecondsPerTick = 1e6 / Stopwatch.Frequency;

    /// <summary>The current Stopwatch timestamp.</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Microseconds elapsed since <paramref name="start"/>, a timestamp from <see cref="Now"/>.</summary>
    public static double MicrosecondsSince(long start) => (Stopwatch.GetTimestamp() - start) * s_microsecondsPerTick;
}
