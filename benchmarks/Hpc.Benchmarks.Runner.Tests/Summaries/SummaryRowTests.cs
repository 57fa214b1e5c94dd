using Hpc.Benchmarks.Runner.Results;
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

    /// <summary>An overhead whose interval reaches below zero is shown as unresolved with its bound, never as a negative figure.</summary>
    [Test]
    public void HpcText_IntervalBelowZero_UnresolvedWithBound()
    {
        var row = new SummaryRow("ATOMIC, 2 threads", "µs", -0.011, 0.04, "libgomp", null, new ConfidenceInterval(-0.02, 0.008), new ConfidenceInterval(0.03, 0.05));
        Assert.That(row.HpcText, Is.EqualTo("unresolved (< 0.008)"));
        Assert.That(row.PeerText, Is.EqualTo("0.040"));
        Assert.That(row.Ratio, Is.Null);
        Assert.That(row.RatioText, Is.EqualTo("< 0.20×"));
    }

    /// <summary>An unresolved Hpc figure whose upper end meets the target passes; one whose bound does not is n/a.</summary>
    [TestCase(0.008, Verdict.Pass)]
    [TestCase(0.06, Verdict.NotMeasured)]
    public void Verdict_HpcUnresolved_DecidedByItsUpperEnd(double high, Verdict expected) =>
        Assert.That(new SummaryRow("REDUCTION, 2 threads", "µs", 0.001, 0.04, "libgomp", Target.AtMost(1.0),
            new ConfidenceInterval(-0.01, high), new ConfidenceInterval(0.03, 0.05)).Verdict, Is.EqualTo(expected));

    /// <summary>An unresolved peer gives no ratio, and only a bound that misses decides the verdict.</summary>
    [Test]
    public void Verdict_PeerUnresolved_MissOnlyWhenHpcExceedsItsUpperEnd()
    {
        var above = new SummaryRow("BARRIER, 2 threads", "µs", 0.5, -0.1, "libgomp", Target.AtMost(1.0), new ConfidenceInterval(0.4, 0.6), new ConfidenceInterval(-0.3, 0.2));
        var within = above with { Hpc = 0.1, HpcInterval = new ConfidenceInterval(0.05, 0.15) };
        Assert.That(above.PeerText, Is.EqualTo("unresolved (< 0.200)"));
        Assert.That(above.Verdict, Is.EqualTo(Verdict.Miss));
        Assert.That(within.Verdict, Is.EqualTo(Verdict.NotMeasured));
        Assert.That(within.RatioText, Is.EqualTo("> 0.50×"));
    }
}
