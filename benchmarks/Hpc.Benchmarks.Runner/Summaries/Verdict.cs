namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>How a row of the summary stands against its target.</summary>
internal enum Verdict
{
    /// <summary>The row has no target: shown for the curve only.</summary>
    NoTarget,

    /// <summary>One of the two sides has no figure (skipped or failed).</summary>
    NotMeasured,

    /// <summary>The ratio meets the target.</summary>
    Pass,

    /// <summary>The ratio misses the target.</summary>
    Miss,
}
