namespace Hpc.Benchmarks.OpenMp;

/// <summary>
/// A measured overhead: the median of paired differences (test minus reference, µs per inner repetition) and its
/// 95 % confidence interval from order statistics (the differences of rank n/2 ∓ 1.96·√n/2), which needs no
/// assumption about the shape of the noise. An interval that reaches zero or below means the overhead is not
/// resolved by this run; the runner prints it so instead of a figure.
/// </summary>
/// <param name="Median">The median difference.</param>
/// <param name="Low">The interval's lower end.</param>
/// <param name="High">The interval's upper end.</param>
internal readonly record struct Overhead(double Median, double Low, double High)
{
    /// <summary>An interval at most this wide (µs) is narrow enough whatever the median.</summary>
    public const double ResolutionMicroseconds = 0.005;

    /// <summary>True when the interval is at most a tenth of the median or <see cref="ResolutionMicroseconds"/> wide.</summary>
    public bool IsNarrow => High - Low <= Math.Max(0.1 * Math.Abs(Median), ResolutionMicroseconds);

    /// <summary>The median and interval of <paramref name="differences"/> (not empty; sorted in place).</summary>
    public static Overhead FromDifferences(Span<double> differences)
    {
        differences.Sort();
        int n = differences.Length;
        double half = 1.96 * Math.Sqrt(n) / 2;
        int low = Math.Max(0, (int)Math.Floor((n / 2.0) - half));
        int high = Math.Min(n - 1, (int)Math.Ceiling((n / 2.0) + half) - 1);
        double median = n % 2 == 1 ? differences[n / 2] : (differences[(n / 2) - 1] + differences[n / 2]) / 2;
        return new Overhead(median, differences[low], differences[high]);
    }
}
