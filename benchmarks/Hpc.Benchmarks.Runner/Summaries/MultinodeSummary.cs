using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>
/// The rows of the multinode suite (Hpc through its proxies vs MPICH directly), per setup: where nodes share the
/// machine's cpus (reported, no targets: every extra thread competes with the ranks) and where each node owns one cpu,
/// with the targets of issue 18.
/// </summary>
internal static class MultinodeSummary
{
    /// <summary>Medians and ratios of every measure in <paramref name="set"/>.</summary>
    public static IReadOnlyList<SummaryRow> Build(SampleSet set)
    {
        var rows = new List<SummaryRow>();
        rows.AddRange(Rows(set, "", "shared cpus", latency: null, bandwidth: null, allreduce: null));
        rows.AddRange(Rows(set, Suites.ClusterSetup.OwnedCpuPrefix, "1 cpu each", Target.AtMost(2.0), Target.AtLeast(0.9), Target.AtMost(1.2)));
        return rows;
    }

    /// <summary>The rows of the setup whose measures start with <paramref name="prefix"/>.</summary>
    private static List<SummaryRow> Rows(SampleSet set, string prefix, string setup, Target? latency, Target? bandwidth, Target? allreduce)
    {
        var rows = new List<SummaryRow>();
        foreach (long size in set.Keys(prefix + "latency"))
        {
            rows.Add(Row(set, $"latency {Quantity.Bytes(size)}, 2 nodes, {setup}", prefix + "latency", size, "µs", latency));
        }

        foreach (long size in set.Keys(prefix + "bandwidth"))
        {
            rows.Add(Row(set, $"bandwidth {Quantity.Bytes(size)}, 2 nodes, {setup}", prefix + "bandwidth", size, "MB/s", bandwidth));
        }

        foreach (long ranks in set.Keys(prefix + "barrier"))
        {
            rows.Add(Row(set, $"barrier, {ranks} nodes, {setup}", prefix + "barrier", ranks, "µs", null));
        }

        foreach (long ranks in set.Keys(prefix + "allreduce"))
        {
            rows.Add(Row(set, $"allreduce 8 B, {ranks} nodes, {setup}", prefix + "allreduce", ranks, "µs", allreduce));
        }

        return rows;
    }

    /// <summary>A row comparing Hpc.Mpi with MPICH on one measure and key.</summary>
    private static SummaryRow Row(SampleSet set, string label, string measure, long key, string unit, Target? target) =>
        new(label, unit, set.Median(SystemKind.Hpc, measure, key), set.Median(SystemKind.Mpich, measure, key), "MPICH", target);
}
