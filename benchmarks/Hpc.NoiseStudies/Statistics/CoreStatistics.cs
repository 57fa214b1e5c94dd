namespace Hpc.NoiseStudies.Statistics;

/// <summary>
/// One core's figures. Values are ns: for FWQ the quantum's duration, for FTQ the time lost in an interval, for
/// selfish and hourglass the gap. A detour is the time a sample lost to noise (FWQ: duration minus the fastest).
/// </summary>
/// <param name="Samples">Samples (FWQ quanta, FTQ intervals, selfish detours, hourglass gaps).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Median">Median value.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="P999">99.9th percentile.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Over1Us">Detours above 1 µs.</param>
/// <param name="Over10Us">Detours above 10 µs.</param>
/// <param name="Over100Us">Detours above 100 µs.</param>
/// <param name="NoisePercent">Time lost to detours over the measured time, in percent.</param>
/// <param name="DetourNanoseconds">Time lost to detours in all, ns.</param>
internal sealed record CoreStatistics(
    long Samples, double Min, double Median, double P99, double P999, double Max,
    long Over1Us, long Over10Us, long Over100Us, double NoisePercent, double DetourNanoseconds);
