using System.Globalization;

namespace Hpc.Benchmarks.Mpi;

/// <summary>
/// The result lines rank 0 prints, one per figure, in the format the runner and osu_like.c share:
/// <c>latency SIZE MEDIAN_US</c>, <c>bandwidth SIZE MB_PER_S</c>, <c>barrier N US</c>, <c>allreduce N US</c>.
/// </summary>
internal static class Report
{
    /// <summary>Prints one result line: the measure, its size or rank count, and the figure.</summary>
    public static void Line(string measure, long key, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{measure} {key} {value:0.####}"));
}
