using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;
using Spectre.Console;

namespace Hpc.Benchmarks.Runner.Reports;

/// <summary>The results table on the terminal, with Spectre.Console.</summary>
internal static class ConsoleReport
{
    /// <summary>Writes the header, the table and the failures of a run; <paramref name="system"/> heads Hpc's column.</summary>
    public static void Write(RunInfo info, IReadOnlyList<SummaryRow> rows, IReadOnlyList<Failure> failures, string system = "Hpc.Mpi")
    {
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine(
            $"[bold]benchmarks/run {Markup.Escape(info.Suite)}[/]  {info.Started:yyyy-MM-dd HH:mm}  "
            + $"{Markup.Escape(info.Cpu)}  ({info.Elapsed.TotalMinutes:0.0} min)");
        foreach (string note in info.Notes)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(note)}");
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Measure");
        table.AddColumn("Unit");
        table.AddColumn(new TableColumn(Markup.Escape(system)).RightAligned());
        table.AddColumn(new TableColumn("Peer").RightAligned());
        table.AddColumn("Peer is");
        table.AddColumn(new TableColumn("Hpc / peer").RightAligned());
        table.AddColumn("Target");
        table.AddColumn("Verdict");
        foreach (SummaryRow row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Measure),
                Markup.Escape(row.Unit),
                row.HpcText is { } hpc ? Markup.Escape(hpc) : "[grey]–[/]",
                row.PeerText is { } peer ? Markup.Escape(peer) : "[grey]–[/]",
                Markup.Escape(row.PeerName),
                Markup.Escape(row.RatioText),
                Markup.Escape(row.Target?.Text ?? ""),
                row.Verdict switch
                {
                    Verdict.Pass => "[green]PASS[/]",
                    Verdict.Miss => "[red]MISS[/]",
                    Verdict.NotMeasured => "[grey]n/a[/]",
                    _ => "",
                });
        }

        AnsiConsole.Write(table);
        foreach (Failure failure in failures)
        {
            AnsiConsole.MarkupLine($"[red]failed:[/] {failure.System} {Markup.Escape(failure.Step)}: {Markup.Escape(failure.Reason)}");
        }
    }
}
