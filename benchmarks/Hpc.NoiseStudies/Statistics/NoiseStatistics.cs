using System.Diagnostics;
using Hpc.Noise;

namespace Hpc.NoiseStudies.Statistics;

/// <summary>Computes <see cref="CoreStatistics"/> and detour lists from a core's raw series.</summary>
internal static class NoiseStatistics
{
    /// <summary>
    /// FWQ: <paramref name="durations"/> are quantum durations in ns. The fastest quantum is the undisturbed
    /// work; each sample's detour is how much longer it took, and noise % is detour time over total time.
    /// </summary>
    public static CoreStatistics Fwq(ReadOnlySpan<double> durations)
    {
        ArgumentOutOfRangeException.ThrowIfZero(durations.Length);
        double[] sorted = Sorted(durations);
        double min = sorted[0];
        double total = 0, lost = 0;
        long over1 = 0, over10 = 0, over100 = 0;
        foreach (double duration in durations)
        {
            double detour = duration - min;
            total += duration;
            lost += detour;
            Count(detour, ref over1, ref over10, ref over100);
        }

        return Make(sorted, over1, over10, over100, total > 0 ? 100 * lost / total : 0, lost);
    }

    /// <summary>
    /// FTQ: <paramref name="work"/> are work units per interval of <paramref name="intervalNs"/>. The best interval is
    /// the undisturbed rate; an interval's detour is the time its missing work stands for.
    /// </summary>
    public static CoreStatistics Ftq(ReadOnlySpan<double> work, double intervalNs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(work.Length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalNs);
        double[] lost = FtqLost(work, intervalNs);
        return Detours(lost, work.Length * intervalNs);
    }

    /// <summary>The time lost in each FTQ interval, ns.</summary>
    public static double[] FtqLost(ReadOnlySpan<double> work, double intervalNs)
    {
        double best = 0;
        foreach (double units in work)
        {
            best = Math.Max(best, units);
        }

        double[] lost = new double[work.Length];
        for (int i = 0; i < work.Length; i++)
        {
            lost[i] = best > 0 ? (best - work[i]) / best * intervalNs : 0;
        }

        return lost;
    }

    /// <summary>
    /// A list of detours over <paramref name="measuredNs"/> (selfish, FTQ lost time): the values are the detours
    /// themselves; noise % is their sum over the measured time.
    /// </summary>
    public static CoreStatistics Detours(ReadOnlySpan<double> detours, double measuredNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(measuredNs);
        if (detours.Length == 0)
        {
            return new CoreStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        double[] sorted = Sorted(detours);
        double lost = 0;
        long over1 = 0, over10 = 0, over100 = 0;
        foreach (double detour in detours)
        {
            lost += detour;
            Count(detour, ref over1, ref over10, ref over100);
        }

        return Make(sorted, over1, over10, over100, 100 * lost / measuredNs, lost);
    }

    /// <summary>
    /// Hourglass: gaps counted by bucket (<paramref name="buckets"/> holds each bucket's lower bound, buckets
    /// double). Quantiles are bucket lower bounds; gaps of 1 µs or more are detours, each counted at its bucket's
    /// midpoint.
    /// </summary>
    public static CoreStatistics Hourglass(IReadOnlyList<(double FromNs, long Count)> buckets, double measuredNs)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var ordered = buckets.Where(b => b.Count > 0).OrderBy(b => b.FromNs).ToArray();
        long total = ordered.Sum(b => b.Count);
        if (total == 0)
        {
            return new CoreStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        double At(double fraction)
        {
            long rank = Math.Max(1, (long)Math.Ceiling(Math.Round(fraction * total, 9)));
            long seen = 0;
            foreach ((double from, long count) in ordered)
            {
                seen += count;
                if (seen >= rank)
                {
                    return from;
                }
            }

            return ordered[^1].FromNs;
        }

        double lost = 0;
        long over1 = 0, over10 = 0, over100 = 0;
        foreach ((double from, long count) in ordered)
        {
            // A bucket counts above X when its whole range is (a detour is reported by the smallest time it took).
            if (from >= 1000)
            {
                lost += from * 1.5 * count;
                over1 += count;
            }

            over10 += from >= 10_000 ? count : 0;
            over100 += from >= 100_000 ? count : 0;
        }

        return new CoreStatistics(total, ordered[0].FromNs, At(0.5), At(0.99), At(0.999), ordered[^1].FromNs, over1, over10, over100, measuredNs > 0 ? 100 * lost / measuredNs : 0, lost);
    }

    /// <summary>The detours of a series as (start, length) in ns, above <paramref name="minimumNs"/>, for attribution.</summary>
    public static IReadOnlyList<Detour> DetourList(NoiseMethod method, ReadOnlySpan<double> starts, ReadOnlySpan<double> values, double intervalNs, double minimumNs)
    {
        Debug.Assert(starts.Length == values.Length);
        if (values.Length == 0)
        {
            return [];
        }

        double[] detours = method switch
        {
            NoiseMethod.Fwq => Shifted(values),
            NoiseMethod.Ftq => FtqLost(values, intervalNs),
            _ => values.ToArray(),
        };
        var list = new List<Detour>();
        for (int i = 0; i < detours.Length; i++)
        {
            if (detours[i] > minimumNs)
            {
                // The sample spans from its start to start + value (FWQ, selfish) or one interval (FTQ).
                double span = method == NoiseMethod.Ftq ? intervalNs : values[i];
                list.Add(new Detour(starts[i], span, detours[i]));
            }
        }

        return list;
    }

    /// <summary>Each value minus the smallest.</summary>
    private static double[] Shifted(ReadOnlySpan<double> values)
    {
        double min = double.MaxValue;
        foreach (double value in values)
        {
            min = Math.Min(min, value);
        }

        double[] shifted = values.ToArray();
        for (int i = 0; i < shifted.Length; i++)
        {
            shifted[i] -= min;
        }

        return shifted;
    }

    /// <summary>Counts a detour into the 1, 10 and 100 µs bins it exceeds.</summary>
    private static void Count(double detour, ref long over1, ref long over10, ref long over100)
    {
        over1 += detour > 1_000 ? 1 : 0;
        over10 += detour > 10_000 ? 1 : 0;
        over100 += detour > 100_000 ? 1 : 0;
    }

    /// <summary>A sorted copy.</summary>
    private static double[] Sorted(ReadOnlySpan<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The record from a sorted series and the counts.</summary>
    private static CoreStatistics Make(double[] sorted, long over1, long over10, long over100, double noisePercent, double lost) =>
        new(sorted.Length, sorted[0], Quantiles.Median(sorted), Quantiles.NearestRank(sorted, 0.99), Quantiles.NearestRank(sorted, 0.999), sorted[^1], over1, over10, over100, noisePercent, lost);
}
