using Hpc.NoiseStudies.Results;
using Spectre.Console;

namespace Hpc.NoiseStudies.Reports;

/// <summary>The study's tables on the terminal.</summary>
internal static class ConsoleReport
{
    /// <summary>Prints the study's tables.</summary>
    public static void Write(IReadOnlyList<CoreSummary> rows)
    {
        foreach (TextTable table in SummaryTable.All(rows))
        {
            Print(table);
        }
    }

    /// <summary>Prints one table.</summary>
    public static void Print(TextTable table) => AnsiConsole.Write(Render(table));

    /// <summary>
    /// The Spectre table of <paramref name="table"/>. The minimal border (no outer frame) costs three characters a
    /// column, so the study's tables, of at most nine short columns, fit an 80-column terminal.
    /// </summary>
    public static Table Render(TextTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rendered = new Table { Title = new TableTitle(Markup.Escape(table.Title)), Border = TableBorder.Minimal };
        for (int i = 0; i < table.Headers.Count; i++)
        {
            rendered.AddColumn(new TableColumn(Markup.Escape(table.Headers[i])) { Alignment = i == 0 ? Justify.Left : Justify.Right });
        }

        foreach (string[] row in table.Rows)
        {
            rendered.AddRow([.. row.Select(Markup.Escape)]);
        }

        return rendered;
    }
}
