using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Tests.Results;

/// <summary>The lines the measuring programs print, and everything else they may print.</summary>
[TestFixture]
internal sealed class ResultLineTests
{
    /// <summary>A latency line gives its size and figure.</summary>
    [Test]
    public void TryParse_LatencyLine_GivesSizeAndValue()
    {
        Assert.That(ResultLine.TryParse("latency 4194304 449.1027", out ResultLine line), Is.True);
        Assert.That(line, Is.EqualTo(new ResultLine("latency", 4194304, 449.1027)));
    }

    /// <summary>The halo exchange's and the overlap's lines (as Halo.cs, Overlap.cs and osu_like.c print them) are read.</summary>
    [TestCase("halo 4 152.683", "halo", 4, 152.683)]
    [TestCase("overlap 1048576 0", "overlap", 1048576, 0.0)]
    public void TryParse_HaloAndOverlapLines_GiveKeyAndValue(string text, string measure, long key, double value)
    {
        Assert.That(ResultLine.TryParse(text, out ResultLine line), Is.True);
        Assert.That(line, Is.EqualTo(new ResultLine(measure, key, value)));
    }

    /// <summary>The floor's line has no key.</summary>
    [Test]
    public void TryParse_FloorLine_HasKeyZero()
    {
        Assert.That(ResultLine.TryParse("floor 170.2", out ResultLine line), Is.True);
        Assert.That(line, Is.EqualTo(new ResultLine("floor", 0, 170.2)));
    }

    /// <summary>An EPCC line carries its confidence interval.</summary>
    [Test]
    public void TryParse_OmpLineWithInterval_GivesInterval()
    {
        Assert.That(ResultLine.TryParse("omp-critical 2 0.145 0.120 0.160", out ResultLine line), Is.True);
        Assert.That(line, Is.EqualTo(new ResultLine("omp-critical", 2, 0.145, new ConfidenceInterval(0.120, 0.160))));
    }

    /// <summary>Whatever else a job prints is not a result.</summary>
    [TestCase("Hello from rank 0 of 64 on isle 0 of 1, cpu 0")]
    [TestCase("latency eight 0.63")]
    [TestCase("latency 8 NaN")]
    [TestCase("latency 8 0.63 extra")]
    [TestCase("latency 8 0.63 0.5 0.7")]
    [TestCase("omp-critical 2 0.145 0.120")]
    [TestCase("omp-critical 2 0.145 0.160 0.120")]
    [TestCase("speed 8 0.63")]
    [TestCase("")]
    public void TryParse_OtherOutput_IsFalse(string text) =>
        Assert.That(ResultLine.TryParse(text, out _), Is.False);
}
