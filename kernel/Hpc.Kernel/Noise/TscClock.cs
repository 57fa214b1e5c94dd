using System.Diagnostics;

namespace Hpc.Noise;

/// <summary>
/// The TSC calibrated against the monotonic clock (<see cref="Stopwatch"/>, CLOCK_MONOTONIC on Linux): its rate, and
/// one instant read on both clocks, so that TSC readings map to monotonic nanoseconds and can be lined up with
/// events other tools timestamp (EventPipe, the kernel).
/// </summary>
/// <param name="TicksPerNanosecond">TSC ticks per nanosecond.</param>
/// <param name="OriginTicks">A TSC reading.</param>
/// <param name="OriginMonotonicNanoseconds">The monotonic clock at <paramref name="OriginTicks"/>, in ns.</param>
/// <param name="OriginUtc">The wall clock at <paramref name="OriginTicks"/> (for tools that stamp in UTC).</param>
public sealed record TscClock(double TicksPerNanosecond, long OriginTicks, long OriginMonotonicNanoseconds, DateTime OriginUtc)
{
    /// <summary>
    /// Measures the TSC rate over <paramref name="window"/> (default 20 ms) several times and keeps the median, so
    /// one preempted window does not skew it.
    /// </summary>
    public static TscClock Calibrate(TimeSpan? window = null)
    {
        TimeSpan span = window ?? TimeSpan.FromMilliseconds(20);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(window));
        double[] rates = new double[5];
        for (int i = 0; i < rates.Length; i++)
        {
            (long tsc0, long sw0) = Pair();
            long end = sw0 + (long)(span.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                Thread.SpinWait(50);
            }

            (long tsc1, long sw1) = Pair();
            rates[i] = (tsc1 - tsc0) / ((sw1 - sw0) * (1e9 / Stopwatch.Frequency));
        }

        Array.Sort(rates);
        (long ticks, long stopwatch) = Pair();
        return new TscClock(rates[rates.Length / 2], ticks, ToNanoseconds(stopwatch), DateTime.UtcNow);
    }

    /// <summary>Ticks as nanoseconds.</summary>
    public double Nanoseconds(long ticks) => ticks / TicksPerNanosecond;

    /// <summary>Nanoseconds as ticks.</summary>
    public long Ticks(double nanoseconds) => (long)(nanoseconds * TicksPerNanosecond);

    /// <summary>A TSC reading as monotonic nanoseconds.</summary>
    public long MonotonicNanoseconds(long ticks) => OriginMonotonicNanoseconds + (long)((ticks - OriginTicks) / TicksPerNanosecond);

    /// <summary>
    /// A TSC reading and a stopwatch reading taken as close together as possible: the pair whose TSC bracket is
    /// the narrowest of a few tries.
    /// </summary>
    private static (long Tsc, long Stopwatch) Pair()
    {
        long best = long.MaxValue, tsc = 0, stopwatch = 0;
        for (int i = 0; i < 16; i++)
        {
            long before = Tsc.Read();
            long reading = Stopwatch.GetTimestamp();
            long after = Tsc.Read();
            if (after - before < best)
            {
                best = after - before;
                tsc = before + ((after - before) / 2);
                stopwatch = reading;
            }
        }

        return (tsc, stopwatch);
    }

    /// <summary>A stopwatch reading in nanoseconds.</summary>
    private static long ToNanoseconds(long stopwatch) => (long)(stopwatch * (1e9 / Stopwatch.Frequency));
}
