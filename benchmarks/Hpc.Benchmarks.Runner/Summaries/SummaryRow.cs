using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>One line of the results table: a measure, both medians, their ratio, and the target if there is one.</summary>
/// <param name="Measure">What was measured, e.g. "latency 8 B" or "barrier -n 64".</param>
/// <param name="Unit">The unit of both figures.</param>
/// <param name="Hpc">Hpc.Mpi's median over rounds, or null when not measured.</param>
/// <param name="Peer">The peer's median over rounds, or null when not measured.</param>
/// <param name="PeerName">Who the peer is: MPICH, or the C floor.</param>
/// <param name="Target">The DESIGN.md target, or null for rows shown for the curve only.</param>
/// <param name="HpcInterval">The confidence interval of <paramref name="Hpc"/>, where the program gives one.</param>
/// <param name="PeerInterval">The confidence interval of <paramref name="Peer"/>, where the program gives one.</param>
internal sealed record SummaryRow(
    string Measure, string Unit, double? Hpc, double? Peer, string PeerName, Target? Target,
    ConfidenceInterval? HpcInterval = null, ConfidenceInterval? PeerInterval = null)
{
    /// <summary>False when Hpc's interval reaches zero or below: its figure is noise, not an overhead.</summary>
    public bool HpcResolved => HpcInterval is not { IsResolved: false };

    /// <summary>False when the peer's interval reaches zero or below.</summary>
    public bool PeerResolved => PeerInterval is not { IsResolved: false };

    /// <summary>Hpc / peer, or null when either side is missing or unresolved.</summary>
    public double? Ratio => Hpc is { } hpc && Peer is { } peer && peer > 0 && HpcResolved && PeerResolved ? hpc / peer : null;

    /// <summary>
    /// The bound on the ratio when only one side is resolved: Hpc's upper end over the peer ("below"), or Hpc over
    /// the peer's upper end ("above"); null otherwise.
    /// </summary>
    private (double Ratio, bool Below)? RatioBound =>
        !HpcResolved && PeerResolved && HpcInterval is { High: > 0 } hpcBound && Peer is > 0 ? (hpcBound.High / Peer.Value, true)
        : HpcResolved && !PeerResolved && Hpc is { } hpc && PeerInterval is { High: > 0 } peerBound ? (hpc / peerBound.High, false)
        : null;

    /// <summary>How the row stands against its target (a bound decides it when it settles the question).</summary>
    public Verdict Verdict
    {
        get
        {
            if (Target is null)
            {
                return Verdict.NoTarget;
            }

            if (Ratio is { } ratio)
            {
                return Target.IsMet(ratio) ? Verdict.Pass : Verdict.Miss;
            }

            // Hpc below its bound and the bound meets a lower-is-better target: met whatever the true figure.
            return RatioBound switch
            {
                ({ } bound, true) when Target.LowerIsBetter && Target.IsMet(bound) => Verdict.Pass,
                ({ } bound, false) when Target.LowerIsBetter && !Target.IsMet(bound) => Verdict.Miss,
                _ => Verdict.NotMeasured,
            };
        }
    }

    /// <summary>The ratio as the tables show it: "0.93×", a bound "&lt; 0.20×", or "–".</summary>
    public string RatioText => Ratio is { } ratio ? Quantity.Ratio(ratio, Target?.ShowsSpeedup ?? false)
        : RatioBound is ({ } bound, bool below) ? $"{(below ? "<" : ">")} {Quantity.Ratio(bound, showSpeedup: false)}"
        : "–";

    /// <summary>Hpc's figure as the tables show it, "unresolved (&lt; X)" when it is noise, or null when not measured.</summary>
    public string? HpcText => Text(Hpc, HpcInterval);

    /// <summary>The peer's figure as the tables show it, or null when not measured.</summary>
    public string? PeerText => Text(Peer, PeerInterval);

    /// <summary>The verdict as the tables show it: PASS, MISS, n/a, or empty without a target.</summary>
    public string VerdictText => Verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Miss => "MISS",
        Verdict.NotMeasured => "n/a",
        _ => "",
    };

    /// <summary>A figure, or what is known of it when its interval reaches zero or below.</summary>
    private static string? Text(double? value, ConfidenceInterval? interval) => value switch
    {
        null => null,
        _ when interval is { IsResolved: false, High: > 0 } bound => $"unresolved (< {Quantity.Format(bound.High)})",
        _ when interval is { IsResolved: false } => "unresolved",
        { } figure => Quantity.Format(figure),
    };
}
