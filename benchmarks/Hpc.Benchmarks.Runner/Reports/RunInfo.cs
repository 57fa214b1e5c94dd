using System.Globalization;
using Hpc.Benchmarks.Runner.Contenders;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Reports;

/// <summary>What every report says above its table: the run, the machine, the floor, and what was left out.</summary>
/// <param name="Suite">The suite's name.</param>
/// <param name="Started">When the run began.</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Cpu">The cpu model and count.</param>
/// <param name="Notes">Lines about the floor and its placement, skipped systems, and failures.</param>
internal sealed record RunInfo(string Suite, DateTimeOffset Started, TimeSpan Elapsed, string Cpu, IReadOnlyList<string> Notes)
{
    /// <summary>The header of a run of <paramref name="suite"/>, with notes drawn from <paramref name="set"/>.</summary>
    /// <param name="suite">The suite's name.</param>
    /// <param name="started">When the run began.</param>
    /// <param name="elapsed">How long it took.</param>
    /// <param name="set">Its figures.</param>
    /// <param name="hpcSkipReason">Why Hpc.Mpi was not measured, or null.</param>
    /// <param name="loadBefore">The 1-minute load average before the run, if known.</param>
    /// <param name="loadDuring">The 1-minute load average after the -n 2 phases, if known.</param>
    public static RunInfo Create(
        string suite, DateTimeOffset started, TimeSpan elapsed, SampleSet set, string? hpcSkipReason, double? loadBefore, double? loadDuring)
    {
        var notes = new List<string>();
        if (hpcSkipReason is not null)
        {
            notes.Add($"Hpc.Mpi message passing not measured (start time only): {hpcSkipReason}");
        }

        // Before the run the suite adds nothing; in its -n 2 phases it keeps at most the two cpus busy. More is
        // somebody else's work. (The -n 64 phases add 64 busy ranks, so the load after them says nothing.)
        if (loadBefore is { } before && loadDuring is { } during)
        {
            int cpus = Environment.ProcessorCount;
            string busy = before > cpus || during > 2 * cpus
                ? ": other work shared the cpus, so the absolute figures are disturbed (the interleaved ratios less so)"
                : "";
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Load average (1 min): {before:0.0} before the run, {during:0.0} after its -n 2 phases{busy}."));
        }

        string Floor(string measure) => set.Values(SystemKind.Floor, measure, 0) is { Count: > 0 } values
            ? Describe(Statistics.Median(values))
            : "not measured";
        notes.Add($"C floor (cache line one-way, cpu 0↔1): start {Floor("floor-start")}, "
            + $"between latency rounds {Floor("floor-round")} (median), end {Floor("floor-end")}");

        string[] placements = [.. set.Samples.Where(s => s.System == SystemKind.Floor)
            .Select(s => FloorProbe.Placement(s.Value)).Distinct()];
        if (placements.Contains("near") && placements.Contains("far"))
        {
            notes.Add("The vCPU placement changed during the run (near and far floors both seen): "
                + "compare the interleaved ratios, not the absolute figures.");
        }

        if (set.Median(SystemKind.Mpich, "latency", 8) is { } mpich8 && MpiSummary.FloorNearLatency(set) is { } floor)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"MPICH 8 B latency is {mpich8 * 1000 / floor:0.0}× the C floor."));
        }

        return new RunInfo(suite, started, elapsed, ReadCpu(), notes);
    }

    /// <summary>A floor figure with its placement, e.g. "170 ns (far)".</summary>
    private static string Describe(double nanoseconds) => $"{Quantity.Format(nanoseconds)} ns ({FloorProbe.Placement(nanoseconds)})";

    /// <summary>The cpu model from /proc/cpuinfo and the cpu count.</summary>
    private static string ReadCpu()
    {
        string model = "unknown cpu";
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
            {
                model = line[(colon + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // Not Linux, or /proc hidden: the model is only decoration.
        }

        return $"{model}, {Environment.ProcessorCount} cpus";
    }
}
