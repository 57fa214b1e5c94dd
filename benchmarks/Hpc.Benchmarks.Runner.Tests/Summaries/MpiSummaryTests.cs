using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Tests.Summaries;

/// <summary>The rows of the mpi suite and where its targets sit.</summary>
[TestFixture]
internal sealed class MpiSummaryTests
{
    /// <summary>A set with MPICH figures for every measure and Hpc figures for 8-byte latency.</summary>
    private static SampleSet Figures()
    {
        var set = new SampleSet();
        foreach (long size in new long[] { 0, 8, 64, 4 << 20 })
        {
            set.Add(new Sample(SystemKind.Mpich, "latency", size, 1, 0.65, "µs"));
        }

        set.Add(new Sample(SystemKind.Hpc, "latency", 8, 1, 0.3, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "bandwidth", 8, 1, 44, "MB/s"));
        set.Add(new Sample(SystemKind.Mpich, "bandwidth", 4 << 20, 1, 16800, "MB/s"));
        set.Add(new Sample(SystemKind.Mpich, "barrier", 2, 1, 0.55, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "barrier", 64, 1, 650_000, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "start", 64, 1, 4.9, "s"));
        set.Add(new Sample(SystemKind.Floor, "floor-start", 0, 1, 35, "ns"));
        set.Add(new Sample(SystemKind.Floor, "floor-round", 0, 1, 205, "ns"));
        return set;
    }

    /// <summary>Latency carries targets only at 8 B, bandwidth only at 4 MiB.</summary>
    [Test]
    public void Build_PointToPoint_TargetsOnlyAt8BytesAnd4MiB()
    {
        IReadOnlyList<SummaryRow> rows = MpiSummary.Build(Figures());
        string[] withTargets = [.. rows.Where(row => row.Target is not null).Select(row => row.Measure)];
        Assert.That(withTargets, Is.EqualTo(new[]
        {
            "latency 8 B", "latency 8 B vs C floor", "bandwidth 4 MiB", "barrier -n 2", "barrier -n 64", "start of 64 ranks",
        }));
    }

    /// <summary>The halo exchange gets a row per rank count, µs a step, judged against MPICH's same step (≤ 1.0×).</summary>
    [Test]
    public void Build_HaloExchange_RowPerRankCountWithTarget()
    {
        SampleSet set = Figures();
        set.Add(new Sample(SystemKind.Hpc, "halo", 2, 1, 40, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "halo", 2, 1, 50, "µs"));
        set.Add(new Sample(SystemKind.Hpc, "halo", 4, 1, 160, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "halo", 4, 1, 20_000, "µs"));

        SummaryRow[] rows = [.. MpiSummary.Build(set).Where(row => row.Measure.StartsWith("halo", StringComparison.Ordinal))];

        Assert.That(rows.Select(row => row.Measure), Is.EqualTo(new[] { "halo exchange step -n 2", "halo exchange step -n 4" }));
        Assert.That(rows.Select(row => row.Verdict), Is.All.EqualTo(Verdict.Pass));
        Assert.That(rows[0].Ratio, Is.EqualTo(0.8).Within(1e-12));
    }

    /// <summary>The oversubscribed barrier is shown in milliseconds.</summary>
    [Test]
    public void Build_OversubscribedBarrier_InMilliseconds()
    {
        SummaryRow row = MpiSummary.Build(Figures()).Single(row => row.Measure == "barrier -n 64");
        Assert.That(row.Unit, Is.EqualTo("ms"));
        Assert.That(row.Peer, Is.EqualTo(650).Within(1e-9));
    }

    /// <summary>The 8-byte latency is judged by the floors measured between latency rounds, in µs.</summary>
    [Test]
    public void Build_FloorRow_UsesTheRoundFloors()
    {
        SummaryRow row = MpiSummary.Build(Figures()).Single(row => row.Measure == "latency 8 B vs C floor");
        Assert.That(row.Peer, Is.EqualTo(0.205).Within(1e-12));
        Assert.That(row.Ratio, Is.EqualTo(0.3 / 0.205).Within(1e-12));
        Assert.That(row.Verdict, Is.EqualTo(Verdict.Pass));
    }
}
