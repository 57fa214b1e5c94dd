using System.Globalization;
using System.Text;
using Hpc.NoiseStudies.Attribution;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>
/// The traced attribution, as <c>rtla osnoise top</c> prints a cpu: % cpu available, max single noise, and count
/// and time per class (HW / NMI / IRQ / softirq / thread, plus GC / JIT). On the terminal as two narrow tables, in
/// summary.md as one wide one, in osnoise.csv; every detour with its causes in detours.csv.
/// </summary>
internal static class OsNoiseReport
{
    /// <summary>The per-cpu file.</summary>
    public const string FileName = "osnoise.csv";

    /// <summary>The per-detour file.</summary>
    public const string DetoursFileName = "detours.csv";

    /// <summary>The classes in rtla's order, then the runtime's.</summary>
    private static readonly NoiseClass[] s_order = [NoiseClass.Hw, NoiseClass.Nmi, NoiseClass.Irq, NoiseClass.Softirq, NoiseClass.Thread, NoiseClass.Gc, NoiseClass.Jit];

    /// <summary>% cpu available and the longest single noise per configuration and cpu.</summary>
    public static TextTable Available(IEnumerable<CoreSummary> rows) => new(
        "CPU available (rtla osnoise top style), µs",
        ["config", "cpu", "measured", "lost", "% avail", "max single"],
        [.. Traced(rows).Select(r => new[]
        {
            r.Row.Configuration, SummaryTable.Int(r.Row.Cpu), SummaryTable.Fixed(r.Noise.MeasuredNs / 1e3, 0), SummaryTable.Fixed(r.Noise.LostNs / 1e3, 0),
            SummaryTable.Fixed(r.Noise.AvailablePercent, 3), SummaryTable.Fixed(r.Noise.MaxSingleNs / 1e3, 1),
        })]);

    /// <summary>Per configuration, cpu and class present: count, time, longest, and the source that took longest.</summary>
    public static TextTable Classes(IEnumerable<CoreSummary> rows) => new(
        "Noise by class in the measured phase, µs (tracefs; GC/JIT: EventPipe)",
        ["config", "cpu", "class", "count", "total", "max", "top source"],
        [.. Traced(rows).SelectMany(r => s_order
            .Where(c => r.Noise.Classes[c].Count > 0)
            .Select(c => new[]
            {
                r.Row.Configuration, SummaryTable.Int(r.Row.Cpu), NoiseAccount.Name(c), SummaryTable.Int(r.Noise.Classes[c].Count),
                SummaryTable.Fixed(r.Noise.Classes[c].TotalNs / 1e3, 1), SummaryTable.Fixed(r.Noise.Classes[c].MaxNs / 1e3, 1), Clip(r.Noise.Classes[c].TopSource, 18),
            }))]);

    /// <summary>rtla's layout, one row per configuration and cpu, "count / µs" per class (summary.md only: too wide for a terminal).</summary>
    public static TextTable Wide(IEnumerable<CoreSummary> rows) => new(
        "OS noise per cpu (count / total µs per class)",
        ["config", "cpu", "% avail", "max single µs", .. s_order.Select(NoiseAccount.Name)],
        [.. Traced(rows).Select(r => (string[])
        [
            r.Row.Configuration, SummaryTable.Int(r.Row.Cpu), SummaryTable.Fixed(r.Noise.AvailablePercent, 3), SummaryTable.Fixed(r.Noise.MaxSingleNs / 1e3, 1),
            .. s_order.Select(c => string.Create(CultureInfo.InvariantCulture, $"{r.Noise.Classes[c].Count} / {r.Noise.Classes[c].TotalNs / 1e3:0.0}")),
        ])]);

    /// <summary>Writes osnoise.csv and detours.csv into <paramref name="directory"/>; nothing when no row was traced.</summary>
    public static void WriteCsv(string directory, IReadOnlyList<CoreSummary> rows)
    {
        var traced = Traced(rows).ToList();
        if (traced.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var perCpu = new StringBuilder("config,cpu,measured_us,lost_us,available_percent,max_single_us");
        foreach (NoiseClass noiseClass in s_order)
        {
            string name = NoiseAccount.Name(noiseClass).ToLowerInvariant();
            perCpu.Append(c, $",{name}_count,{name}_us,{name}_max_us,{name}_top");
        }

        perCpu.Append('\n');
        var detours = new StringBuilder("config,round,cpu,start_us,lost_us,causes\n");
        foreach ((CoreSummary row, CpuNoise noise) in traced)
        {
            perCpu.Append(c, $"{row.Configuration},{row.Cpu},{noise.MeasuredNs / 1e3:F1},{noise.LostNs / 1e3:F3},{noise.AvailablePercent:F4},{noise.MaxSingleNs / 1e3:F3}");
            foreach (NoiseClass noiseClass in s_order)
            {
                ClassTotal total = noise.Classes[noiseClass];
                perCpu.Append(c, $",{total.Count},{total.TotalNs / 1e3:F3},{total.MaxNs / 1e3:F3},\"{total.TopSource.Replace("\"", "'", StringComparison.Ordinal)}\"");
            }

            perCpu.Append('\n');
            foreach (DetourCauses detour in noise.Detours)
            {
                detours.Append(c, $"{row.Configuration},{detour.Round},{row.Cpu},{detour.SinceStartNs / 1e3:F3},{detour.LostNs / 1e3:F3},\"{detour.Causes.Replace("\"", "'", StringComparison.Ordinal)}\"\n");
            }
        }

        File.WriteAllText(Path.Combine(directory, FileName), perCpu.ToString());
        File.WriteAllText(Path.Combine(directory, DetoursFileName), detours.ToString());
    }

    /// <summary>The rows with a traced account.</summary>
    private static IEnumerable<(CoreSummary Row, CpuNoise Noise)> Traced(IEnumerable<CoreSummary> rows) =>
        rows.Where(r => r.Noise is not null).Select(r => (r, r.Noise!));

    /// <summary>At most <paramref name="length"/> characters, an ellipsis marking a cut.</summary>
    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
