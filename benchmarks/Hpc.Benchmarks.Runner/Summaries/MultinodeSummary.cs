using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>The rows of the multinode suite, with the targets of issue 7 (Hpc through its proxies vs MPICH directly).</summary>
internal static class MultinodeSummary
{
    /// <summary>Medians and ratios of every measure in <paramref name="set"/>.</summary>
    public static IReadOnlyList<SummaryRow> Build(SampleSet set)
    {
        var rows = new List<SummaryRow>();
        foreach (long size in set.Keys("latency"))
        {
            rows.Add(Row(set, $"latency {Quantity.Bytes(size)}, 2 nodes", "latency", size, "µs", Target.AtMost(1.3)));
        }

        foreach (long size in set.Keys("bandwidth"))
        {
            rows.Add(Row(set, $"bandwidth {Quantity.Bytes(size)}, 2 nodes", "bandwidth", size, "MB/s", Target.AtLeast(0.9)));
        }

        foreach (long ranks in set.Keys("barrier"))
        {
            rows.Add(Row(set, $"barrier, {ranks} nodes", "barrier", ranks, "µs", null));
        }

        foreach (long ranks in set.Keys("allreduce"))
        {
            rows.Add(Row(set, $"allreduce 8 B, {ranks} nodes", "allreduce", ranks, "µs", Target.AtMost(1.2)));
        }

        return rows;
    }

    /// <summary>A row comparing Hpc.Mpi with MPICH on one measure and key.</summary>
    private static SummaryRow Row(SampleSet set, string label, string measure, long key, string unit, Target? target) =>
        new(label, unit, set.Median(SystemKind.Hpc, measure, key), set.Median(SystemKind.Mpich, measure, key), "MPICH", target);
}
