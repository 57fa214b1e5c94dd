namespace Hpc.NoiseStudies.Statistics;

/// <summary>One detour a core saw: the sample it fell in (start and span, monotonic ns) and the time it cost.</summary>
/// <param name="StartNs">Start of the sample.</param>
/// <param name="SpanNs">How long the sample lasted.</param>
/// <param name="LostNs">Time lost to the detour.</param>
internal readonly record struct Detour(double StartNs, double SpanNs, double LostNs)
{
    /// <summary>End of the sample.</summary>
    public double EndNs => StartNs + SpanNs;

    /// <summary>True when the sample overlaps [<paramref name="fromNs"/>, <paramref name="toNs"/>].</summary>
    public bool Overlaps(double fromNs, double toNs) => StartNs <= toNs && fromNs <= EndNs;
}
