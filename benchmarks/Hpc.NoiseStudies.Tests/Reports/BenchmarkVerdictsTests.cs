namespace Hpc.NoiseStudies.Tests.Reports;

/// <summary>The benchmark's verdicts: given on a quiet machine only, the threshold stated.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class BenchmarkVerdictsTests
{
    [Test]
    public void Write_FloorLosesMoreThanThreshold_NoVerdictAndSaysWhy()
    {
        using var console = new CapturedConsole();

        string markdown = BenchmarkVerdicts.Write(SampleRows.Defaults(floorNoisePercent: 20), busyFloorPercent: 12);

        Assert.That(console.Text, Does.Contain("NO VERDICT").And.Contains("20.0 %").And.Contains("12 %").And.Contains("--busy-floor-percent"));
        Assert.That(console.Text, Does.Not.Match("(?m)^(MET|MISS) "));
        Assert.That(markdown, Does.Contain("NO VERDICT").And.Not.Contain("**MET**").And.Not.Contain("**MISS**"));
    }

    [Test]
    public void Write_QuietFloor_Verdicts()
    {
        using var console = new CapturedConsole();

        BenchmarkVerdicts.Write(SampleRows.Defaults(floorNoisePercent: 8), busyFloorPercent: 12);

        Assert.That(console.Text, Does.Not.Contain("NO VERDICT"));
        Assert.That(console.Text, Does.Contain("isle-alloc cpu 0: p99.9 ≤ 1.2× floor"));
    }

    [Test]
    public void Write_ThresholdRaised_VerdictsOnTheSameFigures()
    {
        using var console = new CapturedConsole();

        BenchmarkVerdicts.Write(SampleRows.Defaults(floorNoisePercent: 20), busyFloorPercent: 25);

        Assert.That(console.Text, Does.Not.Contain("NO VERDICT").And.Match("(?m)^MET "));
    }

    [Test]
    public void Write_RatiosTable_FitsEightyColumns()
    {
        using var console = new CapturedConsole();

        BenchmarkVerdicts.Write(SampleRows.Defaults(floorNoisePercent: 8), busyFloorPercent: 12);

        Assert.That(console.TableLines, Is.Not.Empty.And.All.Length.LessThanOrEqualTo(80), console.Text);
    }
}
