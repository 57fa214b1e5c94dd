using System.Globalization;

namespace Hpc.Benchmarks.Runner.Results;

/// <summary>
/// One machine-readable line of a measuring program: <c>MEASURE KEY VALUE</c>, as <c>latency 8 0.63</c>
/// (KEY is a message size or a rank count; the programs of benchmarks/ print nothing else on standard output
/// except what their ranks say, which does not parse).
/// </summary>
/// <param name="Measure">latency, bandwidth, barrier, allreduce, halo, overlap or floor.</param>
/// <param name="Key">The message size in bytes, or the rank count for collectives.</param>
/// <param name="Value">The figure, in the measure's unit (µs, MB/s, or ns for the floor).</param>
/// <param name="Interval">
/// Its 95 % confidence interval, when the program gives one (suite omp: <c>omp-CONSTRUCT THREADS OVERHEAD LOW HIGH</c>).
/// </param>
internal readonly record struct ResultLine(string Measure, long Key, double Value, ConfidenceInterval? Interval = null)
{
    /// <summary>The measures a line may name.</summary>
    private static readonly HashSet<string> s_measures = ["latency", "bandwidth", "barrier", "allreduce", "halo", "overlap", "floor"];

    /// <summary>Parses <paramref name="line"/>; false for any other line.</summary>
    public static bool TryParse(string line, out ResultLine result)
    {
        result = default;
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Suite omp's measures are all "omp-CONSTRUCT" (see benchmarks/peers/epcc_omp.c), with an interval.
        bool omp = fields.Length > 0 && fields[0].StartsWith("omp-", StringComparison.Ordinal);
        if (fields.Length is < 2 || fields.Length > (omp ? 5 : 3) || fields.Length == 4 || !(s_measures.Contains(fields[0]) || omp))
        {
            return false;
        }

        // The floor's line has no key: "floor NS".
        string keyText = fields.Length >= 3 ? fields[1] : "0";
        if (!long.TryParse(keyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long key)
            || !TryNumber(fields[fields.Length >= 3 ? 2 : 1], out double value))
        {
            return false;
        }

        ConfidenceInterval? interval = null;
        if (fields.Length == 5)
        {
            if (!TryNumber(fields[3], out double low) || !TryNumber(fields[4], out double high) || low > high)
            {
                return false;
            }

            interval = new ConfidenceInterval(low, high);
        }

        result = new ResultLine(fields[0], key, value, interval);
        return true;
    }

    /// <summary>Parses a finite number in the invariant culture.</summary>
    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
