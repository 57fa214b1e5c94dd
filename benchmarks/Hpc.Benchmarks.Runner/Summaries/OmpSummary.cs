using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Suites;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>
/// The rows of the omp suite's table: each EPCC construct against libgomp, then against .NET where .NET has a
/// counterpart, with the targets of DESIGN.md (PARALLEL FOR, BARRIER, REDUCTION: ≤ 1.0× libgomp, ≥ 3× below .NET);
/// then the oversubscribed team against libgomp's (issue 19: ≤ 0.5×). Figures carry their confidence intervals, so a
/// figure the run did not resolve is shown as such.
/// </summary>
internal static class OmpSummary
{
    /// <summary>The constructs in table order, with their EPCC names.</summary>
    public static readonly (string Measure, string Label)[] Constructs =
    [
        ("omp-parallel", "PARALLEL"), ("omp-for", "FOR"), ("omp-parallel_for", "PARALLEL FOR"), ("omp-barrier", "BARRIER"),
        ("omp-single", "SINGLE"), ("omp-critical", "CRITICAL"), ("omp-lock", "LOCK"), ("omp-atomic", "ATOMIC"),
        ("omp-reduction", "REDUCTION"), ("omp-sched_static", "schedule(static)"), ("omp-sched_static_1", "schedule(static,1)"),
        ("omp-sched_static_16", "schedule(static,16)"), ("omp-sched_dynamic_1", "schedule(dynamic,1)"),
        ("omp-sched_dynamic_16", "schedule(dynamic,16)"), ("omp-sched_guided_1", "schedule(guided,1)"),
        ("omp-sched_guided_16", "schedule(guided,16)"),
    ];

    /// <summary>The constructs that carry targets.</summary>
    private static readonly HashSet<string> s_targeted = ["omp-parallel_for", "omp-barrier", "omp-reduction"];

    /// <summary>Medians and ratios of every construct in <paramref name="set"/>.</summary>
    public static IReadOnlyList<SummaryRow> Build(SampleSet set)
    {
        var rows = new List<SummaryRow>();
        foreach ((long threads, double gompTarget) in new[] { ((long)OmpSuite.Threads, 1.0), (OmpSuite.OversubscribedThreads, 0.5) })
        {
            foreach ((string measure, string label) in Constructs)
            {
                bool targeted = s_targeted.Contains(measure);
                double? hpc = set.Median(SystemKind.Hpc, measure, threads);
                ConfidenceInterval? hpcInterval = set.MedianInterval(SystemKind.Hpc, measure, threads);
                if (hpc is null && set.Median(SystemKind.Gomp, measure, threads) is null)
                {
                    continue;
                }

                rows.Add(new SummaryRow($"{label}, {threads} threads", "µs", hpc, set.Median(SystemKind.Gomp, measure, threads),
                    "libgomp", targeted ? Target.AtMost(gompTarget) : null, hpcInterval, set.MedianInterval(SystemKind.Gomp, measure, threads)));
                if (set.Median(SystemKind.DotNet, measure, threads) is { } dotnet)
                {
                    rows.Add(new SummaryRow($"{label}, {threads} threads", "µs", hpc, dotnet,
                        measure == "omp-sched_static" ? "Parallel.For (its partitioner)" : "Parallel.For/Barrier", targeted ? Target.FasterBy(3) : null,
                        hpcInterval, set.MedianInterval(SystemKind.DotNet, measure, threads)));
                }
            }
        }

        return rows;
    }
}
