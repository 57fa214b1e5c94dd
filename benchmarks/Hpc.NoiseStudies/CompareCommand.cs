using System.Globalization;
using Hpc.NoiseStudies.Reports;

namespace Hpc.NoiseStudies;

/// <summary><c>hermit-noise compare DIR...</c>: earlier studies side by side, per configuration and core.</summary>
internal static class CompareCommand
{
    /// <summary>The figures compared, as summary.csv columns with their headings.</summary>
    private static readonly (string Column, string Heading, bool Nanoseconds)[] s_columns =
    [
        ("median_ns", "median µs", true), ("p999_ns", "p99.9 µs", true), ("max_ns", "max µs", true), ("noise_percent", "noise %", false), ("gcs", "GCs", false),
    ];

    /// <summary>Prints one table, a row per configuration, core and study; returns 2 when a folder holds no summary.csv.</summary>
    public static int Run(IReadOnlyList<string> directories)
    {
        var studies = new List<(string Name, Dictionary<(string Config, int Cpu), Dictionary<string, double>> Table)>();
        foreach (string directory in directories)
        {
            if (!File.Exists(Path.Combine(directory, CsvReport.FileName)))
            {
                Console.Error.WriteLine($"hermit-noise: {directory} holds no {CsvReport.FileName} (not a study folder)");
                return 2;
            }

            studies.Add((Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), CsvReport.Read(directory)));
        }

        // One row per configuration, core and study, the studies of a core next to each other.
        var keys = studies.SelectMany(s => s.Table.Keys).Distinct().ToList();
        List<string> headers = ["config", "cpu", "study", .. s_columns.Select(c => c.Heading)];
        var rows = new List<string[]>();
        foreach ((string config, int cpu) in keys)
        {
            foreach ((string name, var table) in studies)
            {
                if (!table.TryGetValue((config, cpu), out var values))
                {
                    continue;
                }

                List<string> row = [config, cpu.ToString(CultureInfo.InvariantCulture), name];
                foreach ((string column, _, bool ns) in s_columns)
                {
                    row.Add(values.TryGetValue(column, out double value)
                        ? (ns ? SummaryTable.Us(value) : value.ToString(column == "noise_percent" ? "0.000" : "0", CultureInfo.InvariantCulture))
                        : "—");
                }

                rows.Add([.. row]);
            }
        }

        ConsoleReport.Print("Studies compared", headers, rows);
        return 0;
    }
}
