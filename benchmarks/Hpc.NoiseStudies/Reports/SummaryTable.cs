using System.Globalization;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>
/// The study's tables as text cells, every time in µs: figures per core, counts per core, and the attribution of
/// the lost time. Each fits 80 columns; summary.csv holds every figure in one row per core.
/// </summary>
internal static class SummaryTable
{
    /// <summary>
    /// The tables, in the order they are printed: figures, counts, then the traced account where the study has a
    /// kernel trace, else the attribution from counts.
    /// </summary>
    public static IReadOnlyList<TextTable> All(IReadOnlyList<CoreSummary> rows) => rows.Any(r => r.Noise is not null)
        ? [Figures(rows), Counts(rows), OsNoiseReport.Available(rows), OsNoiseReport.Classes(rows)]
        : [Figures(rows), Counts(rows), Attributions(rows)];

    /// <summary>Per-core figures, µs: median, p99.9, max and noise %.</summary>
    public static TextTable Figures(IEnumerable<CoreSummary> rows) => new(
        "Per-core figures, µs (noise % = time lost to detours / time measured)",
        ["config", "cpu", "samples", "median", "p99.9", "max", "noise %"],
        [.. rows.Select(r => new[]
        {
            r.Configuration, Int(r.Cpu), Int(r.Statistics.Samples), Us(r.Statistics.Median), Us(r.Statistics.P999), Us(r.Statistics.Max), Fixed(r.Statistics.NoisePercent, 3),
        })]);

    /// <summary>Per-core counts in the measured phase: detours by length, GCs, compiled methods, context switches, interrupts.</summary>
    public static TextTable Counts(IEnumerable<CoreSummary> rows) => new(
        "Counts in the measured phase (— : not recorded)",
        ["config", "cpu", ">1 µs", ">10 µs", ">100 µs", "GCs", "JIT", "ctx sw", "irq"],
        [.. rows.Select(r => new[]
        {
            r.Configuration, Int(r.Cpu), Int(r.Statistics.Over1Us), Int(r.Statistics.Over10Us), Int(r.Statistics.Over100Us),
            Int(r.Attribution.Gcs), Int(r.Attribution.JitMethods), Int(r.Attribution.ContextSwitches), Optional(r.Attribution.Interrupts),
        })]);

    /// <summary>Shares of the detour time each source explains (context switches and interrupts: upper bounds).</summary>
    public static TextTable Attributions(IEnumerable<CoreSummary> rows) => new(
        "Attribution, % of the time lost to detours >1 µs (≤: upper bound)",
        ["config", "cpu", "lost µs", "GC %", "JIT %", "ctx ≤%", "irq ≤%", "other %"],
        [.. rows.Select(r =>
        {
            var a = r.Attribution;
            return new[]
            {
                r.Configuration, Int(r.Cpu), Fixed(a.DetourNs / 1000, 0),
                a.GcEvents is null ? "—" : Fixed(a.Share(a.GcNs), 1), a.JitEvents is null ? "—" : Fixed(a.Share(a.JitNs), 1),
                Fixed(a.Share(a.ContextSwitchNs), 1), a.Interrupts is null ? "—" : Fixed(a.Share(a.InterruptNs), 1), Fixed(a.Share(a.UnexplainedNs), 1),
            };
        })]);

    /// <summary>ns shown as µs.</summary>
    public static string Us(double ns) => (ns / 1000).ToString(ns < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>A number with <paramref name="digits"/> decimals.</summary>
    public static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>An integer.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer, or "—" where nothing was recorded (not the same as none happened).</summary>
    public static string Optional(long? value) => value is { } known ? Int(known) : "—";
}
