namespace Hpc.Benchmarks.Runner.Results;

/// <summary>Every figure of one suite run, and every run that failed.</summary>
internal sealed class SampleSet
{
    /// <summary>The figures, in the order they were measured.</summary>
    private readonly List<Sample> _samples = [];

    /// <summary>The runs that gave no figures.</summary>
    private readonly List<Failure> _failures = [];

    /// <summary>The figures, in the order they were measured.</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>The runs that gave no figures.</summary>
    public IReadOnlyList<Failure> Failures => _failures;

    /// <summary>Records one figure.</summary>
    public void Add(Sample sample) => _samples.Add(sample);

    /// <summary>Records a run that gave no figures.</summary>
    public void Fail(Failure failure) => _failures.Add(failure);

    /// <summary>The figures of one system for one measure and key, over all rounds.</summary>
    public IReadOnlyList<double> Values(SystemKind system, string measure, long key) =>
        [.. _samples.Where(s => s.System == system && s.Measure == measure && s.Key == key).Select(s => s.Value)];

    /// <summary>The median over rounds, or null when there is no figure.</summary>
    public double? Median(SystemKind system, string measure, long key)
    {
        IReadOnlyList<double> values = Values(system, measure, key);
        return values.Count == 0 ? null : Statistics.Median(values);
    }

    /// <summary>
    /// The interval that goes with <see cref="Median"/>: the medians over rounds of the rounds' lower and upper ends,
    /// or null when no round gave an interval.
    /// </summary>
    public ConfidenceInterval? MedianInterval(SystemKind system, string measure, long key)
    {
        ConfidenceInterval[] intervals = [.. _samples
            .Where(s => s.System == system && s.Measure == measure && s.Key == key && s.Interval is not null)
            .Select(s => s.Interval!.Value)];
        return intervals.Length == 0 ? null
            : new ConfidenceInterval(Statistics.Median(intervals.Select(i => i.Low)), Statistics.Median(intervals.Select(i => i.High)));
    }

    /// <summary>The keys (sizes or rank counts) any system reported for <paramref name="measure"/>, ascending.</summary>
    public IReadOnlyList<long> Keys(string measure) =>
        [.. _samples.Where(s => s.Measure == measure).Select(s => s.Key).Distinct().Order()];
}
