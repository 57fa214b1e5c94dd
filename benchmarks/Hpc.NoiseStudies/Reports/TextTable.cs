namespace Hpc.NoiseStudies.Reports;

/// <summary>
/// A table as text cells, written once and rendered twice: on the terminal (<see cref="ConsoleReport"/>, kept within
/// 80 columns, so a table holds few columns and states its unit in the title) and in summary.md.
/// </summary>
/// <param name="Title">What the table shows, with its unit.</param>
/// <param name="Headers">Column headers; the first column is text, the others are right-aligned numbers.</param>
/// <param name="Rows">The cells, one array per row.</param>
internal sealed record TextTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows);
