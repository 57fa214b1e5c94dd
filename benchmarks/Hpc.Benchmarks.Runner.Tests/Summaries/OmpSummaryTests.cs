using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Tests.Summaries;

/// <summary>Tests of <see cref="OmpSummary.Build"/>: rows against libgomp and .NET, targets where DESIGN.md sets them.</summary>
[TestFixture]
public sealed class OmpSummaryTests
{
    /// <summary>Build, three systems: rows against both peers with targets.</summary>
    [Test]
    public void Build_ThreeSystems_RowsAgainstBothPeersWithTargets()
    {
        var set = new SampleSet();
        set.Add(new Sample(SystemKind.Hpc, "omp-parallel_for", 2, 1, 1.0, "µs"));
        set.Add(new Sample(SystemKind.Gomp, "omp-parallel_for", 2, 1, 2.0, "µs"));
        set.Add(new Sample(SystemKind.DotNet, "omp-parallel_for", 2, 1, 2.5, "µs"));
        set.Add(new Sample(SystemKind.Hpc, "omp-single", 2, 1, 0.5, "µs"));
        set.Add(new Sample(SystemKind.Gomp, "omp-single", 2, 1, 0.4, "µs"));
        set.Add(new Sample(SystemKind.Hpc, "omp-barrier", 2, 1, 0.9, "µs"));
        set.Add(new Sample(SystemKind.Gomp, "omp-barrier", 2, 1, 0.8, "µs"));

        IReadOnlyList<SummaryRow> rows = OmpSummary.Build(set);

        Assert.That(rows.Select(r => (r.Measure, r.PeerName)), Is.EqualTo(new[]
        {
            ("PARALLEL FOR, 2 threads", "libgomp"), ("PARALLEL FOR, 2 threads", "Parallel.For/Barrier"),
            ("BARRIER, 2 threads", "libgomp"), ("SINGLE, 2 threads", "libgomp"),
        }));
        Assert.That(rows.Select(r => r.Verdict), Is.EqualTo(new[] { Verdict.Pass, Verdict.Miss, Verdict.Miss, Verdict.NoTarget }));
    }

    /// <summary>Build, oversubscribed runs: rows against libgomp with the 0.5× target, after the 2-thread rows.</summary>
    [Test]
    public void Build_FourThreads_RowsAgainstLibgompWithHalfTarget()
    {
        var set = new SampleSet();
        set.Add(new Sample(SystemKind.Hpc, "omp-barrier", 2, 1, 0.9, "µs", new ConfidenceInterval(0.8, 1.0)));
        set.Add(new Sample(SystemKind.Gomp, "omp-barrier", 2, 1, 1.0, "µs", new ConfidenceInterval(0.9, 1.1)));
        set.Add(new Sample(SystemKind.Hpc, "omp-barrier", 4, 1, 6.0, "µs", new ConfidenceInterval(5.0, 7.0)));
        set.Add(new Sample(SystemKind.Gomp, "omp-barrier", 4, 1, 10.0, "µs", new ConfidenceInterval(9.0, 11.0)));

        IReadOnlyList<SummaryRow> rows = OmpSummary.Build(set);

        Assert.That(rows.Select(r => (r.Measure, r.Verdict)), Is.EqualTo(new[]
        {
            ("BARRIER, 2 threads", Verdict.Pass), ("BARRIER, 4 threads", Verdict.Miss),
        }));
        Assert.That(rows[1].HpcInterval, Is.EqualTo(new ConfidenceInterval(5.0, 7.0)));
    }
}
