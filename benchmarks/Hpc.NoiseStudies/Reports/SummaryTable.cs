using System.Globalization;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>The study's two tables as rows of text cells: figures per core, and attribution per core.</summary>
internal static class SummaryTable
{
    /// <summary>Headers of the figures table.</summary>
    public static readonly string[] FigureHeaders =
        ["config", "cpu", "samples", "min µs", "median µs", "p99 µs", "p99.9 µs", "max µs", ">1 µs", ">10 µs", ">100 µs", "noise %", "GCs", "JIT"];

    /// <summary>Headers of the attribution table.</summary>
    public static readonly string[] AttributionHeaders =
        ["config", "cpu", "detours >1 µs", "detour ms", "GC %", "JIT %", "ctx sw", "ctx sw % (≤)", "irq+softirq", "irq % (≤)", "unexplained %"];

    /// <summary>The figures rows.</summary>
    public static IEnumerable<string[]> Figures(IEnumerable<CoreSummary> rows) => rows.Select(r =>
    {
        var s = r.Statistics;
        return new[]
        {
            r.Configuration, Int(r.Cpu), Int(s.Samples), Us(s.Min), Us(s.Median), Us(s.P99), Us(s.P999), Us(s.Max),
            Int(s.Over1Us), Int(s.Over10Us), Int(s.Over100Us), Fixed(s.NoisePercent, 3), Int(r.Attribution.Gcs), Int(r.Attribution.JitMethods),
        };
    });

    /// <summary>The attribution rows.</summary>
    public static IEnumerable<string[]> Attributions(IEnumerable<CoreSummary> rows) => rows.Select(r =>
    {
        var a = r.Attribution;
        return new[]
        {
            r.Configuration, Int(r.Cpu), Int(a.Detours), Fixed(a.DetourNs / 1e6, 3),
            a.GcEvents is null ? "—" : Fixed(a.Share(a.GcNs), 1), a.JitEvents is null ? "—" : Fixed(a.Share(a.JitNs), 1),
            Int(a.ContextSwitches), Fixed(a.Share(a.ContextSwitchNs), 1), Int(a.Interrupts), Fixed(a.Share(a.InterruptNs), 1), Fixed(a.Share(a.UnexplainedNs), 1),
        };
    });

    /// <summary>ns shown as µs.</summary>
    public static string Us(double ns) => (ns / 1000).ToString(ns < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>A number with <paramref name="digits"/> decimals.</summary>
    public static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>An integer.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
