namespace Hpc.NoiseStudies.Attribution;

/// <summary>One interval in which a measured cpu did something else, monotonic ns.</summary>
/// <param name="Class">What kind of interference.</param>
/// <param name="StartNs">When it began.</param>
/// <param name="EndNs">When it ended.</param>
/// <param name="Source">What exactly: the irq's name or vector, the softirq, the task "comm:pid", the GC or method.</param>
internal readonly record struct Interference(NoiseClass Class, double StartNs, double EndNs, string Source)
{
    /// <summary>Its length.</summary>
    public double DurationNs => EndNs - StartNs;
}
