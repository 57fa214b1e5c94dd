using System.Numerics;

namespace Hpc.Noise;

/// <summary>
/// Runs one noise method on the calling thread (which should be pinned to the core being measured) and returns the
/// raw series. Everything the measured phase needs is allocated and touched before it starts.
/// </summary>
/// <example>
/// <code>
/// TscClock clock = TscClock.Calibrate();
/// NoiseSeries series = NoiseProbe.Run(new NoiseOptions { Method = NoiseMethod.Fwq, Samples = 20_000 }, clock);
/// </code>
/// </example>
public static class NoiseProbe
{
    /// <summary>Iterations of one FTQ work unit (~0.3 µs): fine enough to resolve a 100 µs interval.</summary>
    private const long FtqUnitIterations = 256;

    /// <summary>Where the allocating loop parks its arrays, so they live a little while, as a job's objects do.</summary>
    private static readonly object?[] s_kept = new object?[64];

    /// <summary>Runs <paramref name="options"/>'s method with <paramref name="clock"/>.</summary>
    public static NoiseSeries Run(NoiseOptions options, TscClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        return options.Method switch
        {
            NoiseMethod.Fwq => Fwq(options, clock),
            NoiseMethod.Ftq => Ftq(options, clock),
            NoiseMethod.Selfish => Selfish(options, clock),
            _ => Hourglass(options, clock),
        };
    }

    /// <summary>FWQ: each sample is the time one calibrated quantum of work (plus its allocation) takes.</summary>
    private static NoiseSeries Fwq(NoiseOptions options, TscClock clock)
    {
        long iterations = WorkLoop.IterationsFor(options.QuantumMicroseconds * 1000, clock);
        long[] starts = Touched(options.Samples);
        long[] values = Touched(options.Samples);
        int allocation = options.AllocationBytes;
        ulong x = 1;
        // One quantum unmeasured first: the loop's own code is compiled and its branches warm.
        x = WorkLoop.Run(iterations, x);
        long begin = Tsc.Read();
        for (int i = 0; i < starts.Length; i++)
        {
            long start = Tsc.Read();
            if (allocation > 0)
            {
                s_kept[i & 63] = new byte[allocation];
            }

            x = WorkLoop.Run(iterations, x);
            long end = Tsc.Read();
            starts[i] = start;
            values[i] = end - start;
        }

        long finish = Tsc.Read();
        WorkLoop.Consume(x);
        return new NoiseSeries(NoiseMethod.Fwq, clock, starts, values, [], begin, finish, iterations);
    }

    /// <summary>
    /// FTQ: counts work units done in each fixed interval. Intervals sit on a fixed grid from the start; after an
    /// overrun the count goes on in the interval the clock is in, and intervals passed over entirely record 0.
    /// </summary>
    private static NoiseSeries Ftq(NoiseOptions options, TscClock clock)
    {
        long interval = clock.Ticks(options.QuantumMicroseconds * 1000);
        long[] starts = Touched(options.Samples);
        long[] values = Touched(options.Samples);
        int allocation = options.AllocationBytes;
        ulong x = WorkLoop.Run(FtqUnitIterations, 1);
        long begin = Tsc.Read();
        int index = 0;
        long count = 0;
        int allocations = 0;
        while (index < starts.Length)
        {
            if (allocation > 0)
            {
                s_kept[allocations++ & 63] = new byte[allocation];
            }

            x = WorkLoop.Run(FtqUnitIterations, x);
            count++;
            long now = Tsc.Read();
            long reached = (now - begin) / interval;
            if (reached > index)
            {
                starts[index] = begin + (index * interval);
                values[index] = count;
                count = 0;
                for (index++; index < reached && index < starts.Length; index++)
                {
                    starts[index] = begin + (index * interval);
                    values[index] = 0;
                }
            }
        }

        WorkLoop.Consume(x);
        return new NoiseSeries(NoiseMethod.Ftq, clock, starts, values, [], begin, Tsc.Read(), FtqUnitIterations);
    }

    /// <summary>Selfish detour: every gap between two TSC reads longer than the threshold, with its start.</summary>
    private static NoiseSeries Selfish(NoiseOptions options, TscClock clock)
    {
        long threshold = clock.Ticks(options.ThresholdMicroseconds * 1000);
        long duration = clock.Ticks(options.EffectiveDurationMilliseconds * 1e6);
        long[] starts = Touched(options.MaxDetours);
        long[] values = Touched(options.MaxDetours);
        int count = 0;
        long begin = Tsc.Read();
        long end = begin + duration;
        long previous = begin;
        while (previous < end && count < starts.Length)
        {
            long now = Tsc.Read();
            if (now - previous > threshold)
            {
                starts[count] = previous;
                values[count] = now - previous;
                count++;
            }

            previous = now;
        }

        return new NoiseSeries(NoiseMethod.Selfish, clock, starts[..count], values[..count], [], begin, previous, 0);
    }

    /// <summary>Hourglass: every gap between two TSC reads, counted by power of two of ticks.</summary>
    private static NoiseSeries Hourglass(NoiseOptions options, TscClock clock)
    {
        long duration = clock.Ticks(options.EffectiveDurationMilliseconds * 1e6);
        long[] histogram = Touched(64);
        long begin = Tsc.Read();
        long end = begin + duration;
        long previous = begin;
        while (previous < end)
        {
            long now = Tsc.Read();
            histogram[BitOperations.Log2((ulong)Math.Max(now - previous, 1))]++;
            previous = now;
        }

        return new NoiseSeries(NoiseMethod.Hourglass, clock, [], [], histogram, begin, previous, 0);
    }

    /// <summary>An array whose pages are already faulted in, so the measured loop takes no page fault.</summary>
    private static long[] Touched(int length)
    {
        long[] array = GC.AllocateUninitializedArray<long>(length, pinned: true);
        Array.Fill(array, 0);
        return array;
    }
}
