using System.Globalization;
using System.Text.Json;
using Hpc.NoiseStudies.Reports;
using Hpc.NoiseStudies.Results;
using Spectre.Console;

namespace Hpc.NoiseStudies;

/// <summary><c>hermit-noise compare DIR...</c>: earlier studies side by side, per configuration and core.</summary>
internal static class CompareCommand
{
    /// <summary>The figures compared, as summary.csv columns with their headings (times in µs).</summary>
    private static readonly (string Column, string Heading, string Format)[] s_columns =
    [
        ("median_us", "median", "0.00"), ("p999_us", "p99.9", "0.00"), ("max_us", "max", "0.0"), ("noise_percent", "noise %", "0.000"), ("gcs", "GCs", "0"),
    ];

    /// <summary>
    /// Prints one table, a row per configuration, core and study, the studies named A, B, … (a legend line each).
    /// Returns 2 when a folder holds no study, or when the studies used different methods: an FWQ sample is a
    /// quantum's duration and an FTQ sample the time lost in an interval, so their "median" are different figures.
    /// </summary>
    public static int Run(IReadOnlyList<string> directories)
    {
        var studies = new List<(string Label, string Path, StudyParameters Parameters, Dictionary<(string Config, int Cpu), Dictionary<string, double>> Table)>();
        foreach (string directory in directories)
        {
            string parameters = Path.Combine(directory, Study.ParametersFile);
            if (!File.Exists(Path.Combine(directory, CsvReport.FileName)) || !File.Exists(parameters))
            {
                Console.Error.WriteLine($"hermit-noise: {directory} holds no {CsvReport.FileName} and {Study.ParametersFile} (not a study folder)");
                return 2;
            }

            string label = studies.Count < 26 ? ((char)('A' + studies.Count)).ToString() : (studies.Count + 1).ToString(CultureInfo.InvariantCulture);
            studies.Add((label, directory, JsonSerializer.Deserialize<StudyParameters>(File.ReadAllText(parameters))!, CsvReport.Read(directory)));
        }

        string[] methods = [.. studies.Select(s => s.Parameters.Method).Distinct(StringComparer.OrdinalIgnoreCase)];
        if (methods.Length > 1)
        {
            Console.Error.WriteLine($"hermit-noise: cannot compare studies of different methods ({string.Join(", ", studies.Select(s => $"{s.Path}: {s.Parameters.Method}"))}): "
                + "an FWQ sample is a quantum's duration, an FTQ sample the time lost in an interval, a selfish or hourglass sample a gap");
            return 2;
        }

        foreach (var study in studies)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{study.Label} = {study.Path}: {study.Parameters.Method.ToUpperInvariant()}, {study.Parameters.Samples:N0} × {study.Parameters.QuantumMicroseconds} µs, {study.Parameters.Host}")));
        }

        if (studies.Select(s => s.Parameters.QuantumMicroseconds).Distinct().Count() > 1)
        {
            AnsiConsole.MarkupLine("[yellow]warning:[/] the studies used different quanta: their medians differ by construction; compare p99.9, max and noise %");
        }

        // One row per configuration, core and study, the studies of a core next to each other.
        var keys = studies.SelectMany(s => s.Table.Keys).Distinct().ToList();
        var rows = new List<string[]>();
        foreach ((string config, int cpu) in keys)
        {
            foreach (var study in studies)
            {
                if (!study.Table.TryGetValue((config, cpu), out var values))
                {
                    continue;
                }

                List<string> row = [config, cpu.ToString(CultureInfo.InvariantCulture), study.Label];
                row.AddRange(s_columns.Select(c => values.TryGetValue(c.Column, out double value) ? value.ToString(c.Format, CultureInfo.InvariantCulture) : "—"));
                rows.Add([.. row]);
            }
        }

        ConsoleReport.Print(new TextTable($"Studies compared ({methods[0].ToUpperInvariant()}, times in µs)", ["config", "cpu", "study", .. s_columns.Select(c => c.Heading)], rows));
        return 0;
    }
}
