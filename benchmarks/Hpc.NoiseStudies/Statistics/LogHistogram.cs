namespace Hpc.NoiseStudies.Statistics;

/// <summary>Counts of values in logarithmic bins: <see cref="BinsPerDecade"/> bins per power of ten from 1 ns.</summary>
internal static class LogHistogram
{
    /// <summary>Bins per power of ten.</summary>
    public const int BinsPerDecade = 10;

    /// <summary>
    /// The bins holding any of <paramref name="values"/> (ns, values below 1 ns in the first bin): each bin's
    /// lower edge and count, ascending. Bin i spans [10^(i/10), 10^((i+1)/10)).
    /// </summary>
    public static IReadOnlyList<(double FromNs, long Count)> Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new SortedDictionary<int, long>();
        foreach (double value in values)
        {
            int bin = value <= 1 ? 0 : (int)Math.Floor(Math.Log10(value) * BinsPerDecade + 1e-9);
            counts[bin] = counts.GetValueOrDefault(bin) + 1;
        }

        return [.. counts.Select(c => (Math.Pow(10, (double)c.Key / BinsPerDecade), c.Value))];
    }
}
