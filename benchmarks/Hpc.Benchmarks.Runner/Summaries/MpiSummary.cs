using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Suites;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>The rows of the mpi suite's table, with the targets of DESIGN.md "Performance targets".</summary>
internal static class MpiSummary
{
    /// <summary>The message size whose latency carries the targets.</summary>
    private const long LatencyTargetSize = 8;

    /// <summary>The message size whose bandwidth carries the target.</summary>
    private const long BandwidthTargetSize = 4 << 20;

    /// <summary>Medians and ratios of every measure in <paramref name="set"/>, in the order of the suite.</summary>
    public static IReadOnlyList<SummaryRow> Build(SampleSet set)
    {
        var rows = new List<SummaryRow>();
        foreach (long size in set.Keys("latency"))
        {
            rows.Add(Row(set, $"latency {Quantity.Bytes(size)}", "latency", size, "µs", 1,
                size == LatencyTargetSize ? Target.AtMost(1.0) : null));
        }

        if (set.Keys("latency").Contains(LatencyTargetSize))
        {
            rows.Add(new SummaryRow($"latency {Quantity.Bytes(LatencyTargetSize)} vs C floor", "µs",
                set.Median(SystemKind.Hpc, "latency", LatencyTargetSize), FloorNearLatency(set) / 1000, "C floor",
                Target.AtMost(2.0)));
        }

        foreach (long size in set.Keys("bandwidth"))
        {
            rows.Add(Row(set, $"bandwidth {Quantity.Bytes(size)}", "bandwidth", size, "MB/s", 1,
                size == BandwidthTargetSize ? Target.AtLeast(1.0) : null));
        }

        // Metal isles under TCG: the absolute figures say little; the ratio to hosted isles is the point.
        foreach (string measure in (string[])["latency", "bandwidth"])
        {
            foreach (long size in set.Keys(measure).Where(size => set.Median(SystemKind.HpcMetal, measure, size) is not null))
            {
                rows.Add(new SummaryRow($"metal isles (TCG): {measure} {Quantity.Bytes(size)}", measure == "latency" ? "µs" : "MB/s",
                    set.Median(SystemKind.HpcMetal, measure, size), set.Median(SystemKind.Hpc, measure, size), "hosted isles", null));
            }
        }

        foreach (long ranks in set.Keys("barrier"))
        {
            rows.Add(Collective(set, "barrier", ranks));
        }

        foreach (long ranks in set.Keys("allreduce"))
        {
            rows.Add(Collective(set, "allreduce", ranks));
        }

        foreach (long ranks in set.Keys("halo"))
        {
            rows.Add(Row(set, $"halo exchange step -n {ranks}", "halo", ranks, "µs", 1, Target.AtMost(1.0)));
        }

        // Higher is better and no target: with no progress thread in either library, what a reduction hides depends
        // on whether it completes at its start (eager messages) or needs the Wait to move (large ones).
        foreach (long size in set.Keys("overlap"))
        {
            rows.Add(Row(set, $"Iallreduce {Quantity.Bytes(size)} overlap -n {MpiSuite.SmallRanks}", "overlap", size, "%", 1, null));
        }

        foreach (long ranks in set.Keys("start"))
        {
            rows.Add(Row(set, $"start of {ranks} ranks", "start", ranks, "s", 1, Target.FasterBy(5)));
        }

        return rows;
    }

    /// <summary>
    /// The floor to judge the 8-byte latency by: the median of the floors measured between the latency rounds
    /// (the placement can flip within minutes), else of the start and end floors.
    /// </summary>
    public static double? FloorNearLatency(SampleSet set)
    {
        IReadOnlyList<double> rounds = set.Values(SystemKind.Floor, "floor-round", 0);
        if (rounds.Count > 0)
        {
            return Statistics.Median(rounds);
        }

        double[] ends = [.. set.Values(SystemKind.Floor, "floor-start", 0), .. set.Values(SystemKind.Floor, "floor-end", 0)];
        return ends.Length > 0 ? Statistics.Median(ends) : null;
    }

    /// <summary>A barrier or allreduce row: µs at -n 2 (target ≤ 1.0×), ms oversubscribed (target ≥ 100× faster).</summary>
    private static SummaryRow Collective(SampleSet set, string measure, long ranks)
    {
        string label = measure == "allreduce" ? $"allreduce 8 B -n {ranks}" : $"barrier -n {ranks}";
        return ranks <= MpiSuite.SmallRanks
            ? Row(set, label, measure, ranks, "µs", 1, Target.AtMost(1.0))
            : Row(set, label, measure, ranks, "ms", 1e-3, Target.FasterBy(100));
    }

    /// <summary>A row comparing Hpc.Mpi with MPICH on one measure and key, figures multiplied by <paramref name="scale"/>.</summary>
    private static SummaryRow Row(SampleSet set, string label, string measure, long key, string unit, double scale, Target? target) =>
        new(label, unit, set.Median(SystemKind.Hpc, measure, key) * scale, set.Median(SystemKind.Mpich, measure, key) * scale,
            "MPICH", target);
}
