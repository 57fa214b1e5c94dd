using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Tests.Summaries;

/// <summary>Ratios and verdicts against the DESIGN.md targets.</summary>
[TestFixture]
internal sealed class SummaryRowTests
{
    /// <summary>A time at most the peer's meets "≤ 1.0×"; above it misses.</summary>
    [TestCase(0.6, 0.65, Verdict.Pass)]
    [TestCase(0.65, 0.65, Verdict.Pass)]
    [TestCase(0.7, 0.65, Verdict.Miss)]
    public void Verdict_AtMost_ComparesHpcOverPeer(double hpc, double peer, Verdict expected) =>
        Assert.That(new SummaryRow("latency 8 B", "µs", hpc, peer, "MPICH", Target.AtMost(1.0)).Verdict, Is.EqualTo(expected));

    /// <summary>A bandwidth below the peer's misses "≥ 1.0×".</summary>
    [Test]
    public void Verdict_AtLeastWithLowerRate_Miss() =>
        Assert.That(new SummaryRow("bandwidth 4 MiB", "MB/s", 12000, 16800, "MPICH", Target.AtLeast(1.0)).Verdict, Is.EqualTo(Verdict.Miss));

    /// <summary>"≥ 100× faster" needs the time to be a hundredth of the peer's or less.</summary>
    [TestCase(6.0, 650.0, Verdict.Pass)]
    [TestCase(7.0, 650.0, Verdict.Miss)]
    public void Verdict_FasterBy_NeedsTheFactor(double hpc, double peer, Verdict expected) =>
        Assert.That(new SummaryRow("barrier -n 64", "ms", hpc, peer, "MPICH", Target.FasterBy(100)).Verdict, Is.EqualTo(expected));

    /// <summary>A side without figures gives no ratio and no verdict.</summary>
    [Test]
    public void Verdict_HpcMissing_NotMeasured()
    {
        var row = new SummaryRow("latency 8 B", "µs", null, 0.65, "MPICH", Target.AtMost(1.0));
        Assert.That(row.Ratio, Is.Null);
        Assert.That(row.Verdict, Is.EqualTo(Verdict.NotMeasured));
        Assert.That(row.VerdictText, Is.EqualTo("n/a"));
    }

    /// <summary>A row without a target is shown for its curve only.</summary>
    [Test]
    public void Verdict_NoTarget_IsEmpty()
    {
        var row = new SummaryRow("latency 64 B", "µs", 0.5, 0.65, "MPICH", null);
        Assert.That(row.Verdict, Is.EqualTo(Verdict.NoTarget));
        Assert.That(row.VerdictText, Is.Empty);
    }
}
