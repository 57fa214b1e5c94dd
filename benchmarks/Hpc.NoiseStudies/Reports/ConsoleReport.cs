using Hpc.NoiseStudies.Results;
using Spectre.Console;

namespace Hpc.NoiseStudies.Reports;

/// <summary>The study's tables on the terminal.</summary>
internal static class ConsoleReport
{
    /// <summary>Prints both tables.</summary>
    public static void Write(IReadOnlyList<CoreSummary> rows)
    {
        Print("Per-core figures", SummaryTable.FigureHeaders, SummaryTable.Figures(rows));
        Print("Attribution (% of detour time; ctx sw and irq are upper bounds)", SummaryTable.AttributionHeaders, SummaryTable.Attributions(rows));
    }

    /// <summary>Prints one table.</summary>
    public static void Print(string title, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        for (int i = 0; i < headers.Count; i++)
        {
            table.AddColumn(new TableColumn(Markup.Escape(headers[i])) { Alignment = i == 0 ? Justify.Left : Justify.Right });
        }

        foreach (string[] row in rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
    }
}
