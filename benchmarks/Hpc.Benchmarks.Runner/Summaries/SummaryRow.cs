namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>One line of the results table: a measure, both medians, their ratio, and the target if there is one.</summary>
/// <param name="Measure">What was measured, e.g. "latency 8 B" or "barrier -n 64".</param>
/// <param name="Unit">The unit of both figures.</param>
/// <param name="Hpc">Hpc.Mpi's median over rounds, or null when not measured.</param>
/// <param name="Peer">The peer's median over rounds, or null when not measured.</param>
/// <param name="PeerName">Who the peer is: MPICH, or the C floor.</param>
/// <param name="Target">The DESIGN.md target, or null for rows shown for the curve only.</param>
internal sealed record SummaryRow(string Measure, string Unit, double? Hpc, double? Peer, string PeerName, Target? Target)
{
    /// <summary>Hpc / peer, or null when either side is missing.</summary>
    public double? Ratio => Hpc is { } hpc && Peer is { } peer && peer > 0 ? hpc / peer : null;

    /// <summary>How the row stands against its target.</summary>
    public Verdict Verdict => Target is null ? Verdict.NoTarget
        : Ratio is not { } ratio ? Verdict.NotMeasured
        : Target.IsMet(ratio) ? Verdict.Pass
        : Verdict.Miss;

    /// <summary>The ratio as the tables show it, or "–".</summary>
    public string RatioText => Ratio is { } ratio ? Quantity.Ratio(ratio, Target?.ShowsSpeedup ?? false) : "–";

    /// <summary>The verdict as the tables show it: PASS, MISS, n/a, or empty without a target.</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Miss => "MISS",
        Verdict.NotMeasured => "n/a",
        _ => "",
    };
}
