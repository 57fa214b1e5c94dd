using System.Globalization;
using Hpc.Noise;

namespace Hpc.NoiseStudies.Results;

/// <summary>
/// What one core measured in one run of one configuration: the raw files core-CPU.csv and core-CPU.meta that the
/// probes (examples/Noise and the C floor) write, read back.
/// </summary>
internal sealed class CoreRun
{
    /// <summary>One core's files, read.</summary>
    private CoreRun(string configuration, int round, int cpu, Dictionary<string, string> meta, double[] starts, double[] values, List<(double, long)> histogram)
    {
        Configuration = configuration;
        Round = round;
        Cpu = cpu;
        Meta = meta;
        Starts = starts;
        Values = values;
        Histogram = histogram;
        Method = Enum.Parse<NoiseMethod>(meta.GetValueOrDefault("method", "fwq"), ignoreCase: true);
    }

    /// <summary>The configuration's name.</summary>
    public string Configuration { get; }

    /// <summary>The round (configurations are interleaved round by round).</summary>
    public int Round { get; }

    /// <summary>The cpu measured.</summary>
    public int Cpu { get; }

    /// <summary>The method.</summary>
    public NoiseMethod Method { get; }

    /// <summary>Everything core-CPU.meta says.</summary>
    public IReadOnlyDictionary<string, string> Meta { get; }

    /// <summary>Sample starts, monotonic ns.</summary>
    public double[] Starts { get; }

    /// <summary>Sample values: ns, or work units for FTQ.</summary>
    public double[] Values { get; }

    /// <summary>Hourglass buckets (lower bound ns, count).</summary>
    public IReadOnlyList<(double FromNs, long Count)> Histogram { get; }

    /// <summary>FWQ quantum or FTQ interval, ns.</summary>
    public double QuantumNs => Number("quantum_us") * 1000;

    /// <summary>Start and end of the measured phase, monotonic ns.</summary>
    public (double Start, double End) Window => (Number("start_ns"), Number("end_ns"));

    /// <summary>UTC (ns since the Unix epoch) minus monotonic ns, for events stamped in UTC.</summary>
    public double UtcOffsetNs => Number("utc_offset_ns");

    /// <summary>
    /// True when the probe read its core's interrupt counters (the C# probe says so; older folders show it by an irq
    /// counter that grew). The C floor does not read them: its interrupts are unknown, not zero.
    /// </summary>
    public bool InterruptsCounted => Meta.ContainsKey("interrupts_counted")
        ? Number("interrupts_counted") == 1
        : Meta.Keys.Any(k => k.StartsWith("irq:", StringComparison.Ordinal));

    /// <summary>The measured thread's id (0 in folders written before the probes said it).</summary>
    public int MeasuredTid => (int)Number("tid");

    /// <summary>A numeric meta value, 0 when absent.</summary>
    public double Number(string key) =>
        Meta.TryGetValue(key, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : 0;

    /// <summary>The meta counters starting with <paramref name="prefix"/> ("irq:", "softirq:", "ctx:"), summed.</summary>
    public long Sum(string prefix) => (long)Meta.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(p => Number(p.Key));

    /// <summary>Reads every core-*.meta of <paramref name="directory"/> (one run) with its CSV.</summary>
    public static IReadOnlyList<CoreRun> LoadAll(string directory, string configuration, int round)
    {
        var runs = new List<CoreRun>();
        foreach (string metaPath in Directory.EnumerateFiles(directory, "core-*.meta").Order(StringComparer.Ordinal))
        {
            string stem = Path.GetFileNameWithoutExtension(metaPath);
            int cpu = int.Parse(stem["core-".Length..], CultureInfo.InvariantCulture);
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadLines(metaPath))
            {
                int equals = line.IndexOf('=');
                if (equals > 0)
                {
                    meta[line[..equals]] = line[(equals + 1)..];
                }
            }

            var starts = new List<double>();
            var values = new List<double>();
            var histogram = new List<(double, long)>();
            string csv = Path.ChangeExtension(metaPath, ".csv");
            bool hourglass = string.Equals(meta.GetValueOrDefault("method"), "hourglass", StringComparison.OrdinalIgnoreCase);
            foreach (string line in File.ReadLines(csv).Skip(1))
            {
                int comma = line.IndexOf(',');
                if (comma <= 0)
                {
                    continue;
                }

                double first = double.Parse(line.AsSpan(0, comma), CultureInfo.InvariantCulture);
                double second = double.Parse(line.AsSpan(comma + 1), CultureInfo.InvariantCulture);
                if (hourglass)
                {
                    histogram.Add((first, (long)second));
                }
                else
                {
                    starts.Add(first);
                    values.Add(second);
                }
            }

            runs.Add(new CoreRun(configuration, round, cpu, meta, [.. starts], [.. values], histogram));
        }

        return runs;
    }
}
