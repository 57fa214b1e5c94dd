using System.Globalization;

namespace Hpc.Benchmarks.Runner.Results;

/// <summary>
/// One machine-readable line of a measuring program: <c>MEASURE KEY VALUE</c>, as <c>latency 8 0.63</c>
/// (KEY is a message size or a rank count; the programs of benchmarks/ print nothing else on standard output
/// except what their ranks say, which does not parse).
/// </summary>
/// <param name="Measure">latency, bandwidth, barrier, allreduce or floor.</param>
/// <param name="Key">The message size in bytes, or the rank count for collectives.</param>
/// <param name="Value">The figure, in the measure's unit (µs, MB/s, or ns for the floor).</param>
internal readonly record struct ResultLine(string Measure, long Key, double Value)
{
    /// <summary>The measures a line may name.</summary>
    private static readonly HashSet<string> s_measures = ["latency", "bandwidth", "barrier", "allreduce", "floor"];

    /// <summary>Parses <paramref name="line"/>; false for any other line.</summary>
    public static bool TryParse(string line, out ResultLine result)
    {
        result = default;
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Suite omp's measures are all "omp-CONSTRUCT" (see benchmarks/peers/epcc_omp.c).
        if (fields.Length is < 2 or > 3 || !(s_measures.Contains(fields[0]) || fields[0].StartsWith("omp-", StringComparison.Ordinal)))
        {
            return false;
        }

        // The floor's line has no key: "floor NS".
        string keyText = fields.Length == 3 ? fields[1] : "0";
        if (!long.TryParse(keyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long key)
            || !double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
        {
            return false;
        }

        result = new ResultLine(fields[0], key, value);
        return true;
    }
}
