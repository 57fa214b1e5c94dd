namespace Hpc.Noise;

/// <summary>
/// What one core measured: for FWQ, FTQ and selfish one row per sample (its start on the TSC and its value), for
/// hourglass a histogram. Values are TSC ticks except for FTQ, whose values are work units per interval.
/// </summary>
public sealed class NoiseSeries
{
    /// <summary>Creates a series.</summary>
    public NoiseSeries(NoiseMethod method, TscClock clock, long[] starts, long[] values, long[] histogram, long startTicks, long endTicks, long workPerUnit)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(histogram);
        if (starts.Length != values.Length)
        {
            throw new ArgumentException("one start per value", nameof(starts));
        }

        Method = method;
        Clock = clock;
        Starts = starts;
        Values = values;
        Histogram = histogram;
        StartTicks = startTicks;
        EndTicks = endTicks;
        WorkPerUnit = workPerUnit;
    }

    /// <summary>The method that measured.</summary>
    public NoiseMethod Method { get; }

    /// <summary>The calibrated TSC the ticks are on.</summary>
    public TscClock Clock { get; }

    /// <summary>Start of each sample, TSC ticks.</summary>
    public long[] Starts { get; }

    /// <summary>Each sample's value: FWQ duration and selfish gap in ticks, FTQ work units.</summary>
    public long[] Values { get; }

    /// <summary>Hourglass: gaps counted by power of two of TSC ticks (index i holds gaps in [2^i, 2^(i+1)) ticks).</summary>
    public long[] Histogram { get; }

    /// <summary>TSC at the start of the measured phase.</summary>
    public long StartTicks { get; }

    /// <summary>TSC at its end.</summary>
    public long EndTicks { get; }

    /// <summary>FWQ: loop iterations per quantum; FTQ: iterations per work unit.</summary>
    public long WorkPerUnit { get; }
}
