namespace Hpc.NoiseStudies.Attribution;

/// <summary>One detour above the threshold and what overlapped it (a row of detours.csv).</summary>
/// <param name="Round">The round.</param>
/// <param name="SinceStartNs">When its sample began, ns after the measured phase began.</param>
/// <param name="LostNs">The time it lost.</param>
/// <param name="Causes">Each overlapping cause with the time it overlapped, longest first ("thread kworker/0:1:52 3998.0 µs; irq LOC 2.0 µs"); HW for time nothing covers.</param>
internal sealed record DetourCauses(int Round, double SinceStartNs, double LostNs, string Causes);
