using Hpc.NoiseStudies.Reports;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Tests.Reports;

/// <summary>The study's tables: within 80 columns on the terminal, "—" for what was not recorded.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class SummaryTableTests
{
    [Test]
    public void All_DefaultConfigurationsWithWideFigures_FitEightyColumns()
    {
        using var console = new CapturedConsole();

        ConsoleReport.Write(SampleRows.Defaults(8.5));

        Assert.That(console.TableLines.Count(), Is.GreaterThan(30), console.Text);
        Assert.That(console.TableLines, Has.All.Length.LessThanOrEqualTo(80), console.Text);
    }

    [Test]
    public void Counts_NoInterruptData_ShowsDashNotZero()
    {
        CoreSummary row = SampleRows.Row("c", 0, 8, interrupts: null);

        string[] counts = SummaryTable.Counts([row]).Rows.Single();
        string[] shares = SummaryTable.Attributions([row]).Rows.Single();

        Assert.That(counts[^1], Is.EqualTo("—"));
        Assert.That(shares[6], Is.EqualTo("—"));
    }

    [Test]
    public void Counts_InterruptsCounted_ShowsTheCount()
    {
        string[] counts = SummaryTable.Counts([SampleRows.Row("isle", 0, 8, interrupts: 0)]).Rows.Single();

        Assert.That(counts[^1], Is.EqualTo("0"));
    }

    [Test]
    public void Figures_TimesInMicroseconds_TitleSaysSo()
    {
        TextTable figures = SummaryTable.Figures([SampleRows.Row("c", 0, 8)]);

        Assert.That(figures.Title, Does.Contain("µs"));
        Assert.That(figures.Rows.Single()[3], Is.EqualTo("101.3"), "the median of 101,345.6 ns");
    }

    [Test]
    public void CsvReport_WriteThenRead_TimesInMicroseconds()
    {
        string folder = Studies.Checkout.TempFolder();

        CsvReport.Write(folder, [SampleRows.Row("c", 0, 8, interrupts: null)]);
        var row = CsvReport.Read(folder)[("c", 0)];

        Assert.That(File.ReadAllLines(Path.Combine(folder, CsvReport.FileName))[0], Does.Not.Contain("_ns"));
        Assert.That(row["median_us"], Is.EqualTo(101.3456).Within(1e-6));
        Assert.That(row["gc_us"], Is.EqualTo(1e5).Within(1e-3));
        Assert.That(row.ContainsKey("interrupts"), Is.False, "not recorded is an empty cell, not 0");
    }
}
