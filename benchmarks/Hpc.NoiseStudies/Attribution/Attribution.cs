namespace Hpc.NoiseStudies.Attribution;

/// <summary>
/// How much of a core's detour time each source explains, in ns. GC and JIT are matched in time (a detour whose
/// sample overlaps the event); context switches and interrupts only have counts, so each explains at most one of
/// the longest detours left (an upper bound, said so in the report).
/// </summary>
/// <param name="DetourNs">Detour time of detours above 1 µs.</param>
/// <param name="Detours">Detours above 1 µs.</param>
/// <param name="GcNs">Detour time overlapping a GC pause.</param>
/// <param name="JitNs">Detour time overlapping a JIT compilation (and no GC).</param>
/// <param name="ContextSwitchNs">Detour time of the longest remaining detours, one per involuntary context switch.</param>
/// <param name="InterruptNs">Detour time of the longest detours still left, one per interrupt or softirq on the core.</param>
/// <param name="Gcs">GCs during the measured phase (the runtime's own count).</param>
/// <param name="JitMethods">Methods compiled during the measured phase (the runtime's own count).</param>
/// <param name="GcEvents">GC pauses seen through EventPipe in the measured phase; null without EventPipe.</param>
/// <param name="JitEvents">JIT compilations seen through EventPipe in the measured phase; null without EventPipe.</param>
/// <param name="ContextSwitches">Involuntary context switches of the measured thread.</param>
/// <param name="Interrupts">Interrupts and softirqs on the core; null where the probe did not count them (the C floor).</param>
internal sealed record Attribution(
    double DetourNs, long Detours, double GcNs, double JitNs, double ContextSwitchNs, double InterruptNs,
    long Gcs, long JitMethods, long? GcEvents, long? JitEvents, long ContextSwitches, long? Interrupts)
{
    /// <summary>Detour time no source explains.</summary>
    public double UnexplainedNs => Math.Max(0, DetourNs - GcNs - JitNs - ContextSwitchNs - InterruptNs);

    /// <summary><paramref name="ns"/> as a share of the detour time, percent.</summary>
    public double Share(double ns) => DetourNs > 0 ? 100 * ns / DetourNs : 0;
}
