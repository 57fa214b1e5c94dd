using Hpc.Noise;
using Hpc.NoiseStudies.Statistics;

namespace Hpc.NoiseStudies.Results;

/// <summary>One row of a study's table: a configuration on one core, its rounds pooled.</summary>
/// <param name="Configuration">The configuration.</param>
/// <param name="Cpu">The core.</param>
/// <param name="Statistics">The figures.</param>
/// <param name="Attribution">What explains the detours (from counts).</param>
/// <param name="Noise">The rtla-style account from the kernel trace; null where a round was not traced.</param>
internal sealed record CoreSummary(string Configuration, int Cpu, CoreStatistics Statistics, Attribution.Attribution Attribution, Attribution.CpuNoise? Noise = null)
{
    /// <summary>Pools the rounds of one configuration on one core; <paramref name="noise"/> gives a round's traced account or null.</summary>
    public static CoreSummary Pool(IReadOnlyList<CoreRun> runs, Func<CoreRun, IReadOnlyList<RuntimeEvent>?> events, Func<CoreRun, Attribution.CpuNoise?>? noise = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        CoreRun first = runs[0];
        double measured = runs.Sum(r => r.Window.End - r.Window.Start);
        double[] values = [.. runs.SelectMany(r => r.Values)];
        CoreStatistics statistics = first.Method switch
        {
            NoiseMethod.Fwq => values.Length > 0 ? NoiseStatistics.Fwq(values) : Empty,
            NoiseMethod.Ftq => values.Length > 0 ? NoiseStatistics.Ftq(values, first.QuantumNs) : Empty,
            NoiseMethod.Selfish => NoiseStatistics.Detours(values, Math.Max(measured, 1)),
            _ => NoiseStatistics.Hourglass([.. runs.SelectMany(r => r.Histogram).GroupBy(b => b.FromNs).Select(g => (g.Key, g.Sum(b => b.Count)))], measured),
        };
        Attribution.Attribution[] parts = [.. runs.Select(r => Hpc.NoiseStudies.Attribution.Attributor.Attribute(r, events(r)))];
        var attribution = new Attribution.Attribution(
            parts.Sum(p => p.DetourNs), parts.Sum(p => p.Detours), parts.Sum(p => p.GcNs), parts.Sum(p => p.JitNs),
            parts.Sum(p => p.ContextSwitchNs), parts.Sum(p => p.InterruptNs), parts.Sum(p => p.Gcs), parts.Sum(p => p.JitMethods),
            parts.All(p => p.GcEvents is not null) ? parts.Sum(p => p.GcEvents) : null,
            parts.All(p => p.JitEvents is not null) ? parts.Sum(p => p.JitEvents) : null,
            parts.Sum(p => p.ContextSwitches), parts.All(p => p.Interrupts is not null) ? parts.Sum(p => p.Interrupts) : null);
        Attribution.CpuNoise?[] traced = [.. runs.Select(r => noise?.Invoke(r))];
        return new CoreSummary(first.Configuration, first.Cpu, statistics, attribution,
            traced.All(t => t is not null) ? Hpc.NoiseStudies.Attribution.CpuNoise.Pool([.. traced.OfType<Attribution.CpuNoise>()]) : null);
    }

    /// <summary>Figures of a core that recorded nothing.</summary>
    private static CoreStatistics Empty => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
