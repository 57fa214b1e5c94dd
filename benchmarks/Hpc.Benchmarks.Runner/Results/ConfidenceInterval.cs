namespace Hpc.Benchmarks.Runner.Results;

/// <summary>
/// The 95 % confidence interval a measuring program gave with a figure (suite omp: EPCC overheads as the median of
/// paired differences). An interval that reaches zero or below means the figure is not resolved: the overhead is
/// smaller than the run's noise, and the reports say so instead of printing it.
/// </summary>
/// <param name="Low">The lower end.</param>
/// <param name="High">The upper end.</param>
internal readonly record struct ConfidenceInterval(double Low, double High)
{
    /// <summary>True when the whole interval lies above zero.</summary>
    public bool IsResolved => Low > 0;
}
