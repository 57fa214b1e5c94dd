using Hpc.NoiseStudies.Reports;
using Hpc.NoiseStudies.Results;
using ScottPlot;

namespace Hpc.NoiseStudies.Tests.Reports;

/// <summary>The plots of a real short study (two C configurations): one time axis, titles, histogram bins.</summary>
[TestFixture]
internal sealed class PlotReportTests
{
    /// <summary>The study, run once for the fixture.</summary>
    private Study _study = null!;

    [OneTimeSetUp]
    public void RunStudy()
    {
        string output = Path.Combine(Studies.Checkout.TempFolder(), "plots");
        (int status, string text) = Studies.Checkout.HermitNoise("--samples", "300", "--warmup", "20", "--configs", "c,c-alloc", "--cpus", "0", "--out", output);
        Assert.That(status, Is.Zero, text);
        _study = Study.Load(output);
    }

    [Test]
    public void TimeSeries_EveryPanel_SameTimeAxisAndTitledWithMethodQuantumSamples()
    {
        Multiplot multiplot = PlotReport.TimeSeries(_study, ["c", "c-alloc"]);

        Plot[] panels = [multiplot.GetPlot(0), multiplot.GetPlot(1)];
        AxisLimits first = panels[0].Axes.GetLimits();
        Assert.That(panels.Select(p => p.Axes.GetLimits().Left), Has.All.EqualTo(first.Left));
        Assert.That(panels.Select(p => p.Axes.GetLimits().Right), Has.All.EqualTo(first.Right));
        Assert.That(first.Right, Is.GreaterThan(0.025), "300 quanta of 100 µs last at least 30 ms");
        Assert.That(panels[1].Axes.Title.Label.Text, Is.EqualTo("c-alloc: FWQ, 100 µs quantum, 300 samples per cpu (round 1)"));
    }

    [Test]
    public void Detours_Histogram_MarkersOnlyAndBinWidthsStated()
    {
        Plot plot = PlotReport.Detours(_study, ["c", "c-alloc"]);

        ScottPlot.Plottables.Scatter[] series = [.. plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()];
        Assert.That(series, Is.Not.Empty);
        Assert.That(series.Select(s => s.LineWidth), Has.All.Zero, "a line between log bins zig-zags");
        Assert.That(plot.Axes.Title.Label.Text, Does.Contain("10 a decade"));
        Assert.That(plot.Axes.Bottom.Label.Text, Does.Contain("µs"));
    }
}
