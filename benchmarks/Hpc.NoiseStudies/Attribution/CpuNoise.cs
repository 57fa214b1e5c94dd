namespace Hpc.NoiseStudies.Attribution;

/// <summary>
/// One configuration on one cpu as <c>rtla osnoise top</c> sees a cpu: the time measured, the time lost, the
/// longest single noise, and per class the counts and time, from the kernel trace and the runtime's events.
/// </summary>
/// <param name="MeasuredNs">Time measured.</param>
/// <param name="LostNs">Time lost to detours above the threshold.</param>
/// <param name="MaxSingleNs">The longest single detour.</param>
/// <param name="Classes">Per class (every class present, maybe with nothing).</param>
/// <param name="Detours">Every detour above the threshold with its causes.</param>
internal sealed record CpuNoise(double MeasuredNs, double LostNs, double MaxSingleNs, IReadOnlyDictionary<NoiseClass, ClassTotal> Classes, IReadOnlyList<DetourCauses> Detours)
{
    /// <summary>The share of the measured time the loop had, percent (rtla's "% CPU Aval").</summary>
    public double AvailablePercent => MeasuredNs > 0 ? 100 * (1 - (LostNs / MeasuredNs)) : 100;

    /// <summary>The rounds of one configuration on one cpu, added.</summary>
    public static CpuNoise Pool(IReadOnlyList<CpuNoise> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        return new CpuNoise(
            rounds.Sum(r => r.MeasuredNs), rounds.Sum(r => r.LostNs), rounds.Max(r => r.MaxSingleNs),
            Enum.GetValues<NoiseClass>().ToDictionary(c => c, c => rounds.Select(r => r.Classes[c]).Aggregate(ClassTotal.None, (a, b) => a.Plus(b))),
            [.. rounds.SelectMany(r => r.Detours)]);
    }
}
