using System.Diagnostics;

namespace Hpc.NoiseStudies.Statistics;

/// <summary>Order statistics of a sorted series.</summary>
internal static class Quantiles
{
    /// <summary>The median of <paramref name="sorted"/> (mean of the two middle values for an even count).</summary>
    public static double Median(ReadOnlySpan<double> sorted)
    {
        Debug.Assert(sorted.Length > 0);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The <paramref name="fraction"/> quantile by nearest rank: the smallest value with at least that fraction of
    /// the series at or below it (so p99.9 of 1,000 samples is the largest one, never an interpolation).
    /// </summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double fraction)
    {
        Debug.Assert(sorted.Length > 0 && fraction is > 0 and <= 1);
        int rank = (int)Math.Ceiling(Math.Round(fraction * sorted.Length, 9));
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
