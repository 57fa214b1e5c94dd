using System.Globalization;

namespace Noise;

/// <summary>
/// Per-core kernel counters read before and after the measured phase: interrupts and softirqs of one cpu by
/// source (/proc/interrupts, /proc/softirqs) and the calling thread's context switches (/proc/thread-self/status).
/// </summary>
internal sealed class ProcCounters
{
    /// <summary>Counts by name ("irq:LOC", "softirq:TIMER", "ctx:voluntary", "ctx:involuntary").</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>True when /proc/interrupts gave this cpu's column (no interrupt count is then "none", not "unknown").</summary>
    public bool InterruptsRead => Counts.Keys.Any(k => k.StartsWith("irq:", StringComparison.Ordinal));

    /// <summary>Reads the counters of <paramref name="cpu"/> and of the calling thread.</summary>
    public static ProcCounters Read(int cpu)
    {
        var counters = new ProcCounters();
        counters.ReadTable("/proc/interrupts", "irq:", cpu);
        counters.ReadTable("/proc/softirqs", "softirq:", cpu);
        try
        {
            foreach (string line in File.ReadLines("/proc/thread-self/status"))
            {
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    counters.Counts["ctx:voluntary"] = long.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    counters.Counts["ctx:involuntary"] = long.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return counters;
    }

    /// <summary>What grew from <paramref name="before"/> to this reading (zero changes left out).</summary>
    public IEnumerable<(string Name, long Delta)> Since(ProcCounters before)
    {
        foreach ((string name, long value) in Counts)
        {
            long delta = value - before.Counts.GetValueOrDefault(name);
            if (delta != 0)
            {
                yield return (name, delta);
            }
        }
    }

    /// <summary>Adds one column of a per-cpu table: a header of CPUn names, then "NAME: counts... description".</summary>
    private void ReadTable(string path, string prefix, int cpu)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        if (lines.Length == 0)
        {
            return;
        }

        int column = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), $"CPU{cpu}");
        if (column < 0)
        {
            return;
        }

        foreach (string line in lines.Skip(1))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > column + 1 && long.TryParse(words[column + 1], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
            {
                Counts[prefix + words[0].TrimEnd(':')] = count;
            }
        }
    }
}
