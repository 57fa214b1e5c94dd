using System.Diagnostics;

namespace Hpc.Benchmarks.Runner.Results;

/// <summary>Order statistics of a handful of figures.</summary>
internal static class Statistics
{
    /// <summary>The median of <paramref name="values"/>, which must not be empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        Debug.Assert(sorted.Length > 0);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
