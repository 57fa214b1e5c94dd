namespace Hpc.Benchmarks.Runner.Results;

/// <summary>One figure from one round of one system.</summary>
/// <param name="System">Who was measured.</param>
/// <param name="Measure">What: latency, bandwidth, barrier, allreduce, start, or floor-start/-round/-end.</param>
/// <param name="Key">Message size in bytes, or rank count.</param>
/// <param name="Round">The round it came from, from 1.</param>
/// <param name="Value">The figure, in <paramref name="Unit"/>.</param>
/// <param name="Unit">µs, MB/s, ns or s.</param>
/// <param name="Interval">The figure's 95 % confidence interval, when the program gave one.</param>
internal sealed record Sample(SystemKind System, string Measure, long Key, int Round, double Value, string Unit, ConfidenceInterval? Interval = null);
