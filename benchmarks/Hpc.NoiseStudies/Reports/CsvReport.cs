using System.Globalization;
using System.Text;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>summary.csv: every figure and attribution of every configuration and core, times in µs (as the tables).</summary>
internal static class CsvReport
{
    /// <summary>The file's name.</summary>
    public const string FileName = "summary.csv";

    /// <summary>Writes summary.csv into <paramref name="directory"/>; an interrupt count not recorded is an empty cell.</summary>
    public static void Write(string directory, IEnumerable<CoreSummary> rows)
    {
        var csv = new StringBuilder("config,cpu,samples,min_us,median_us,p99_us,p999_us,max_us,over_1us,over_10us,over_100us,noise_percent,gcs,jit_methods,detours,detour_us,gc_us,jit_us,ctx_switches,ctx_switch_us,interrupts,interrupt_us,unexplained_us\n");
        foreach (CoreSummary row in rows)
        {
            var s = row.Statistics;
            var a = row.Attribution;
            csv.Append(CultureInfo.InvariantCulture,
                $"{row.Configuration},{row.Cpu},{s.Samples},{s.Min / 1e3:F4},{s.Median / 1e3:F4},{s.P99 / 1e3:F4},{s.P999 / 1e3:F4},{s.Max / 1e3:F4},{s.Over1Us},{s.Over10Us},{s.Over100Us},{s.NoisePercent:F4},{a.Gcs},{a.JitMethods},{a.Detours},{a.DetourNs / 1e3:F3},{a.GcNs / 1e3:F3},{a.JitNs / 1e3:F3},{a.ContextSwitches},{a.ContextSwitchNs / 1e3:F3},{a.Interrupts},{a.InterruptNs / 1e3:F3},{a.UnexplainedNs / 1e3:F3}\n");
        }

        File.WriteAllText(Path.Combine(directory, FileName), csv.ToString());
    }

    /// <summary>
    /// Reads summary.csv back as (config, cpu) → column → value (for compare); empty cells are left out, and the ns
    /// columns of folders written before the tool went to µs are read as their µs columns.
    /// </summary>
    public static Dictionary<(string Config, int Cpu), Dictionary<string, double>> Read(string directory)
    {
        string[] lines = File.ReadAllLines(Path.Combine(directory, FileName));
        string[] header = lines[0].Split(',');
        var table = new Dictionary<(string, int), Dictionary<string, double>>();
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(',');
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 2; i < cells.Length && i < header.Length; i++)
            {
                if (cells[i].Length == 0)
                {
                    continue;
                }

                double value = double.Parse(cells[i], CultureInfo.InvariantCulture);
                if (header[i].EndsWith("_ns", StringComparison.Ordinal))
                {
                    values[header[i][..^3] + "_us"] = value / 1e3;
                }
                else
                {
                    values[header[i]] = value;
                }
            }

            table[(cells[0], int.Parse(cells[1], CultureInfo.InvariantCulture))] = values;
        }

        return table;
    }
}
