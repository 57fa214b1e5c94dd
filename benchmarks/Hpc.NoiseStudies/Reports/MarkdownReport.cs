using System.Text;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>summary.md: the study's parameters, both tables and the plots.</summary>
internal static class MarkdownReport
{
    /// <summary>The file's name.</summary>
    public const string FileName = "summary.md";

    /// <summary>Writes summary.md into <paramref name="directory"/>; <paramref name="extra"/> is appended (benchmark verdicts), <paramref name="exposures"/> listed.</summary>
    public static void Write(string directory, Study study, IReadOnlyList<CoreSummary> rows, IEnumerable<string> plots, string? extra, IReadOnlyList<ThreadExposure> exposures)
    {
        StudyParameters p = study.Parameters;
        var md = new StringBuilder();
        md.Append("# Noise study ").Append(p.Started.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(" UTC\n\n");
        md.Append(System.Globalization.CultureInfo.InvariantCulture, $"{p.Method.ToUpperInvariant()}, {p.Samples:N0} samples of {p.QuantumMicroseconds} µs per core, cpus {string.Join(',', p.Cpus)}, ");
        md.Append(System.Globalization.CultureInfo.InvariantCulture, $"allocating configurations allocate {p.AllocationBytes} B a sample, {p.Rounds} round(s) interleaved. Host: {p.Host}.\n\n");
        md.Append("Values are per sample (FWQ: the quantum's duration; FTQ: time lost in an interval; selfish/hourglass: the gap). ");
        md.Append("A detour is the time a sample lost (FWQ: its duration minus the fastest); noise % is detour time over measured time.\n\n");
        md.Append("All times are in µs.\n\n");
        Table(md, SummaryTable.Figures(rows));
        Table(md, SummaryTable.Counts(rows));
        md.Append("## Attribution\n\nGC and JIT are matched in time with EventPipe events ");
        md.Append("(— where no events were collected: isles run without a diagnostics port, and their GC/JIT counts come from the runtime itself); ");
        md.Append("context switches and interrupts are counts without times, so each is given at most one of the longest remaining detours (an upper bound); ");
        md.Append("— under irq: the probe (the C floor) does not read /proc/interrupts.\n\n");
        Table(md, SummaryTable.Attributions(rows));
        if (rows.Any(r => r.Noise is not null))
        {
            md.Append("### From the kernel trace (tracefs) and the runtime's events\n\n");
            md.Append("Per class as rtla osnoise counts it: IRQ (device irqs and APIC vectors: local timer, IPIs), softirq, NMI, thread ");
            md.Append("(another task on the measured cpu), GC and JIT (inside this cpu's detours), HW (time lost that nothing traced covers). ");
            md.Append("Where causes overlap, the time goes to the first of NMI, IRQ, softirq, GC, thread, JIT. ");
            md.Append(OsNoiseReport.FileName).Append(" holds these figures, ").Append(OsNoiseReport.DetoursFileName).Append(" every detour with its causes.\n\n");
            Table(md, OsNoiseReport.Wide(rows));
            Table(md, OsNoiseReport.Classes(rows));
        }
        if (exposures.Count > 0)
        {
            md.Append("## Threads on the measured cpus\n\nEvery thread of the probe's process tree (hermit-run and its isles, or the dotnet or C probe) ");
            md.Append("besides the measured ones whose cpu mask holds a measured cpu, sampled every 50 ms from /proc (threads.csv in each run's folder); ");
            md.Append("\"R there\": samples that saw it running or runnable on a measured cpu, of those in the measured phase.\n\n");
            Table(md, ExposureTable.Of(exposures));
        }

        if (extra is not null)
        {
            md.Append(extra).Append('\n');
        }

        md.Append("\n## Plots\n\n");
        foreach (string plot in plots)
        {
            md.Append("![").Append(plot).Append("](").Append(plot).Append(")\n\n");
        }

        File.WriteAllText(Path.Combine(directory, FileName), md.ToString());
    }

    /// <summary>A GitHub table under its title in bold, then an empty line.</summary>
    public static void Table(StringBuilder md, TextTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        md.Append("**").Append(table.Title).Append("**\n\n");
        md.Append("| ").AppendJoin(" | ", table.Headers).Append(" |\n");
        md.Append('|').AppendJoin("|", table.Headers.Select((_, i) => i < 1 ? "---" : "---:")).Append("|\n");
        foreach (string[] row in table.Rows)
        {
            md.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        md.Append('\n');
    }
}
