using System.Globalization;
using System.Text;
using Hpc.NoiseStudies.Results;

namespace Hpc.NoiseStudies.Reports;

/// <summary>summary.csv: every figure and attribution of every configuration and core, in ns.</summary>
internal static class CsvReport
{
    /// <summary>The file's name.</summary>
    public const string FileName = "summary.csv";

    /// <summary>Writes summary.csv into <paramref name="directory"/>.</summary>
    public static void Write(string directory, IEnumerable<CoreSummary> rows)
    {
        var csv = new StringBuilder("config,cpu,samples,min_ns,median_ns,p99_ns,p999_ns,max_ns,over_1us,over_10us,over_100us,noise_percent,gcs,jit_methods,detours,detour_ns,gc_ns,jit_ns,ctx_switches,ctx_switch_ns,interrupts,interrupt_ns,unexplained_ns\n");
        foreach (CoreSummary row in rows)
        {
            var s = row.Statistics;
            var a = row.Attribution;
            csv.Append(CultureInfo.InvariantCulture,
                $"{row.Configuration},{row.Cpu},{s.Samples},{s.Min:F1},{s.Median:F1},{s.P99:F1},{s.P999:F1},{s.Max:F1},{s.Over1Us},{s.Over10Us},{s.Over100Us},{s.NoisePercent:F4},{a.Gcs},{a.JitMethods},{a.Detours},{a.DetourNs:F0},{a.GcNs:F0},{a.JitNs:F0},{a.ContextSwitches},{a.ContextSwitchNs:F0},{a.Interrupts},{a.InterruptNs:F0},{a.UnexplainedNs:F0}\n");
        }

        File.WriteAllText(Path.Combine(directory, FileName), csv.ToString());
    }

    /// <summary>Reads summary.csv back as (config, cpu) → column → value (for compare).</summary>
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
                values[header[i]] = double.Parse(cells[i], CultureInfo.InvariantCulture);
            }

            table[(cells[0], int.Parse(cells[1], CultureInfo.InvariantCulture))] = values;
        }

        return table;
    }
}
