using System.Diagnostics;

namespace Hpc.Benchmarks.Mpi;

/// <summary>The median of batch figures: robust to the odd batch the host's noise stretches.</summary>
internal static class Median
{
    /// <summary>Sorts <paramref name="values"/> in place and returns their median.</summary>
    public static double Of(Span<double> values)
    {
        Debug.Assert(!values.IsEmpty);
        values.Sort();
        int middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
