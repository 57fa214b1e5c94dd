using System.Globalization;
using System.Text;
using Hpc.NoiseStudies.Results;
using Spectre.Console;

namespace Hpc.NoiseStudies;

/// <summary>
/// benchmarks/run noise: each configuration's ratios to the C floor on the same core, and the issue's targets for
/// the quiet isle running the allocating loop (p99.9 and max ≤ 1.2× the floor, noise ≤ floor + 0.1 points, no GC
/// and no JIT while measuring) and for the default dotnet process (how much of its excess noise is explained).
/// Verdicts are given on a quiet machine only: when the C floor itself loses more than an idle machine's share of
/// its time, every figure is about the host, and MET/MISS would be noise.
/// </summary>
internal static class BenchmarkVerdicts
{
    /// <summary>The configuration the targets are for.</summary>
    private const string Target = "isle-alloc";

    /// <summary>
    /// The default of <c>--busy-floor-percent</c>: above this noise % of the C floor the machine is busy. An idle
    /// 2-vCPU machine here loses 7–9 % (its host's own noise); under load the floor lost 17–50 %.
    /// </summary>
    public const double DefaultBusyFloorPercent = 12;

    /// <summary>
    /// Prints the ratios and, when no core's C floor lost more than <paramref name="busyFloorPercent"/> % of its
    /// time, the verdicts; returns them as Markdown.
    /// </summary>
    public static string Write(IReadOnlyList<CoreSummary> rows, double busyFloorPercent)
    {
        var md = new StringBuilder("## Ratios to the C floor (same core, same run)\n\n");
        string[] headers = ["config", "cpu", "p99.9 ×", "max ×", "Δnoise pts", "GCs", "JIT"];
        var table = new List<string[]>();
        foreach (CoreSummary row in rows.Where(r => r.Configuration != Running.StudyConfiguration.Floor))
        {
            if (rows.FirstOrDefault(r => r.Configuration == Running.StudyConfiguration.Floor && r.Cpu == row.Cpu) is not { } floor)
            {
                continue;
            }

            table.Add([row.Configuration, Int(row.Cpu), Ratio(row.Statistics.P999, floor.Statistics.P999),
                Ratio(row.Statistics.Max, floor.Statistics.Max), (row.Statistics.NoisePercent - floor.Statistics.NoisePercent).ToString("+0.000;-0.000", CultureInfo.InvariantCulture),
                Int(row.Attribution.Gcs), Int(row.Attribution.JitMethods)]);
        }

        var ratios = new Reports.TextTable("Ratios to the C floor, same cpu and run (Δnoise: points)", headers, table);
        Reports.ConsoleReport.Print(ratios);
        Reports.MarkdownReport.Table(md, ratios);

        md.Append("## Targets\n\n");
        if (BusyFloor(rows, busyFloorPercent) is { } busy)
        {
            AnsiConsole.MarkupLine($"[yellow]NO VERDICT:[/] {Markup.Escape(busy)}");
            md.Append("**NO VERDICT:** ").Append(busy).Append('\n');
            return md.ToString();
        }

        foreach (CoreSummary row in rows.Where(r => r.Configuration == Target))
        {
            if (rows.FirstOrDefault(r => r.Configuration == Running.StudyConfiguration.Floor && r.Cpu == row.Cpu) is not { } floor)
            {
                continue;
            }

            Verdict(md, $"{Target} cpu {row.Cpu}: p99.9 ≤ 1.2× floor", row.Statistics.P999 <= 1.2 * floor.Statistics.P999, $"{row.Statistics.P999 / floor.Statistics.P999:0.00}×");
            Verdict(md, $"{Target} cpu {row.Cpu}: max ≤ 1.2× floor", row.Statistics.Max <= 1.2 * floor.Statistics.Max, $"{row.Statistics.Max / floor.Statistics.Max:0.00}×");
            Verdict(md, $"{Target} cpu {row.Cpu}: noise ≤ floor + 0.1 points", row.Statistics.NoisePercent <= floor.Statistics.NoisePercent + 0.1,
                $"{row.Statistics.NoisePercent:0.000} % vs {floor.Statistics.NoisePercent:0.000} %");
            Verdict(md, $"{Target} cpu {row.Cpu}: 0 GCs and 0 JIT while measuring", row.Attribution.Gcs == 0 && row.Attribution.JitMethods == 0,
                $"{row.Attribution.Gcs} GCs, {row.Attribution.JitMethods} methods compiled");
        }

        foreach (CoreSummary row in rows.Where(r => r.Configuration == "dotnet-alloc"))
        {
            CoreSummary? floor = rows.FirstOrDefault(r => r.Configuration == Running.StudyConfiguration.Floor && r.Cpu == row.Cpu);
            double excess = row.Attribution.DetourNs - (floor?.Attribution.DetourNs ?? 0);
            double runtime = row.Attribution.GcNs + row.Attribution.JitNs;
            string share = excess > 0 ? $"{Math.Min(100, 100 * runtime / excess):0.0} %" : "no excess";
            string line = $"dotnet-alloc cpu {row.Cpu}: excess detour time over the floor {excess / 1e6:0.000} ms, of which GC+JIT explain {share} ({row.Attribution.Gcs} GCs)";
            AnsiConsole.MarkupLine(Markup.Escape(line));
            md.Append("- ").Append(line).Append('\n');
        }

        return md.ToString();
    }

    /// <summary>
    /// Why no verdict may be given: the C floor of some cpu lost more than <paramref name="busyFloorPercent"/> % of
    /// its time (the host is busy, and every ratio says more about it than about the runtime); null on a quiet machine.
    /// </summary>
    public static string? BusyFloor(IReadOnlyList<CoreSummary> rows, double busyFloorPercent)
    {
        CoreSummary? busiest = rows.Where(r => r.Configuration == Running.StudyConfiguration.Floor).MaxBy(r => r.Statistics.NoisePercent);
        return busiest is not null && busiest.Statistics.NoisePercent > busyFloorPercent
            ? string.Create(CultureInfo.InvariantCulture,
                $"the C floor itself lost {busiest.Statistics.NoisePercent:0.0} % of its time on cpu {busiest.Cpu}, above the {busyFloorPercent:0.#} % of a quiet machine (--busy-floor-percent; idle here: 7–9 %): the machine is busy, so MET/MISS are withheld. Rerun on an idle machine.")
            : null;
    }

    /// <summary>Prints and records one target.</summary>
    private static void Verdict(StringBuilder md, string what, bool met, string figure)
    {
        string word = met ? "MET" : "MISS";
        AnsiConsole.MarkupLine($"{(met ? "[green]" : "[yellow]")}{word}[/] {Markup.Escape(what)}: {Markup.Escape(figure)}");
        md.Append("- **").Append(word).Append("** ").Append(what).Append(": ").Append(figure).Append('\n');
    }

    /// <summary>A ratio, or "—" without a floor value.</summary>
    private static string Ratio(double value, double floor) =>
        floor > 0 ? (value / floor).ToString("0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>An integer.</summary>
    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
