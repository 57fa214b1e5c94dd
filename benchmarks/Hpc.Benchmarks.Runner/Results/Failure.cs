namespace Hpc.Benchmarks.Runner.Results;

/// <summary>A run that gave no figures: which system, which measure, and why.</summary>
/// <param name="System">Who was being measured.</param>
/// <param name="Step">The measure and round, as shown in the progress display.</param>
/// <param name="Reason">What went wrong, one line.</param>
internal sealed record Failure(SystemKind System, string Step, string Reason);
