namespace Hpc.NoiseStudies.Results;

/// <summary>A runtime event with a duration, seen through EventPipe: a GC pause or a method being compiled.</summary>
/// <param name="Kind">"gc" or "jit".</param>
/// <param name="StartUtcNs">Start, ns since the Unix epoch.</param>
/// <param name="EndUtcNs">End, ns since the Unix epoch.</param>
/// <param name="Detail">What it was (GC generation and reason, method name).</param>
internal sealed record RuntimeEvent(string Kind, double StartUtcNs, double EndUtcNs, string Detail)
{
    /// <summary>The CSV header of <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "kind,start_utc_ns,end_utc_ns,detail";

    /// <summary>One CSV line.</summary>
    public string ToCsv() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Kind},{StartUtcNs:F0},{EndUtcNs:F0},\"{Detail.Replace("\"", "'", StringComparison.Ordinal)}\"");

    /// <summary>Reads events.csv; empty when there is none.</summary>
    public static IReadOnlyList<RuntimeEvent> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var events = new List<RuntimeEvent>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] parts = line.Split(',', 4);
            if (parts.Length == 4)
            {
                var c = System.Globalization.CultureInfo.InvariantCulture;
                events.Add(new RuntimeEvent(parts[0], double.Parse(parts[1], c), double.Parse(parts[2], c), parts[3].Trim('"')));
            }
        }

        return events;
    }
}
