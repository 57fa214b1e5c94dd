namespace Hpc.NoiseStudies.Attribution;

/// <summary>One class of noise on one cpu: how often, how long in all and at most, and by what.</summary>
/// <param name="Count">Intervals (or, for HW, detours left unexplained).</param>
/// <param name="TotalNs">Time the class took, overlaps with a class of higher precedence left out.</param>
/// <param name="MaxNs">The longest single interval.</param>
/// <param name="Sources">Time by source (irq name, softirq, task "comm:pid", GC, method), ns.</param>
internal sealed record ClassTotal(long Count, double TotalNs, double MaxNs, IReadOnlyDictionary<string, double> Sources)
{
    /// <summary>Nothing of the class.</summary>
    public static ClassTotal None { get; } = new(0, 0, 0, new Dictionary<string, double>());

    /// <summary>The source that took the most time, or "".</summary>
    public string TopSource => Sources.Count == 0 ? "" : Sources.MaxBy(s => s.Value).Key;

    /// <summary>Two totals (of two rounds) added.</summary>
    public ClassTotal Plus(ClassTotal other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var sources = new Dictionary<string, double>(Sources, StringComparer.Ordinal);
        foreach ((string source, double ns) in other.Sources)
        {
            sources[source] = sources.GetValueOrDefault(source) + ns;
        }

        return new ClassTotal(Count + other.Count, TotalNs + other.TotalNs, Math.Max(MaxNs, other.MaxNs), sources);
    }
}
