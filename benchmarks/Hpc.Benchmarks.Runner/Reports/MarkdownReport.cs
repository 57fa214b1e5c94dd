using System.Text;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Reports;

/// <summary>The run as GitHub Markdown: summary.md, the header notes and the table.</summary>
internal static class MarkdownReport
{
    /// <summary>Writes summary.md into <paramref name="directory"/>; <paramref name="system"/> heads Hpc's column.</summary>
    public static void Write(string directory, RunInfo info, IReadOnlyList<SummaryRow> rows, IReadOnlyList<Failure> failures, string system = "Hpc.Mpi")
    {
        var text = new StringBuilder();
        text.Append($"# benchmarks/run {info.Suite}, {info.Started:yyyy-MM-dd HH:mm zzz}\n\n");
        text.Append($"{info.Cpu}; {info.Elapsed.TotalMinutes:0.0} min. Medians over interleaved rounds; ratio = {system} / peer.\n\n");
        foreach (string note in info.Notes)
        {
            text.Append($"- {note}\n");
        }

        text.Append($"\n| Measure | Unit | {system} | Peer | Peer is | Hpc / peer | Target | Verdict |\n");
        text.Append("|---|---|--:|--:|---|--:|---|---|\n");
        foreach (SummaryRow row in rows)
        {
            string hpc = row.HpcText ?? "–";
            string peer = row.PeerText ?? "–";
            text.Append($"| {row.Measure} | {row.Unit} | {hpc} | {peer} | {row.PeerName} | {row.RatioText} | ")
                .Append($"{row.Target?.Text ?? ""} | {row.VerdictText} |\n");
        }

        if (failures.Count > 0)
        {
            text.Append("\nFailed runs:\n\n");
            foreach (Failure failure in failures)
            {
                text.Append($"- {failure.System} {failure.Step}: {failure.Reason}\n");
            }
        }

        File.WriteAllText(Path.Combine(directory, "summary.md"), text.ToString());
    }
}
