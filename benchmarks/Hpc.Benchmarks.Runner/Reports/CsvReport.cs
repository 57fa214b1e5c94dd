using System.Globalization;
using System.Text;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Reports;

/// <summary>The run as CSV: summary.csv (one line per table row) and samples.csv (every figure of every round).</summary>
internal static class CsvReport
{
    /// <summary>Writes both files into <paramref name="directory"/>.</summary>
    public static void Write(string directory, SampleSet set, IReadOnlyList<SummaryRow> rows)
    {
        // hpc_low..peer_high: the 95 % intervals where the programs give them (suite omp); a low end at or below zero
        // marks a figure the run did not resolve, and the ratio is then left empty.
        var summary = new StringBuilder("measure,unit,hpc,peer,peer_is,ratio,target,verdict,hpc_low,hpc_high,peer_low,peer_high\n");
        foreach (SummaryRow row in rows)
        {
            summary.AppendJoin(',', Field(row.Measure), Field(row.Unit), Number(row.Hpc), Number(row.Peer),
                Field(row.PeerName), Number(row.Ratio), Field(row.Target?.Text ?? ""), row.VerdictText,
                Number(row.HpcInterval?.Low), Number(row.HpcInterval?.High), Number(row.PeerInterval?.Low), Number(row.PeerInterval?.High)).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "summary.csv"), summary.ToString());

        var samples = new StringBuilder("system,measure,key,round,value,unit,low,high\n");
        foreach (Sample sample in set.Samples)
        {
            samples.AppendJoin(',', sample.System, sample.Measure, sample.Key.ToString(CultureInfo.InvariantCulture),
                sample.Round.ToString(CultureInfo.InvariantCulture), Number(sample.Value), Field(sample.Unit),
                Number(sample.Interval?.Low), Number(sample.Interval?.High)).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "samples.csv"), samples.ToString());
    }

    /// <summary>A number in full precision, or empty for none.</summary>
    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A text field, quoted when it holds a comma or a quote (RFC 4180).</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(',', '"', '\n') >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
