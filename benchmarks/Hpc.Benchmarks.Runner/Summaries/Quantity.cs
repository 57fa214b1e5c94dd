using System.Globalization;

namespace Hpc.Benchmarks.Runner.Summaries;

/// <summary>Figures as the reports print them: three significant digits or so, invariant culture.</summary>
internal static class Quantity
{
    /// <summary>A figure with a precision that suits its size (no exponent notation).</summary>
    public static string Format(double value)
    {
        double magnitude = Math.Abs(value);
        string format = magnitude >= 100 ? "#,0" : magnitude >= 10 ? "0.0" : magnitude >= 1 ? "0.00" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A ratio: "0.93×", "2.1e-3×", "120×"; with <paramref name="showSpeedup"/> also "(830× faster)".</summary>
    public static string Ratio(double ratio, bool showSpeedup)
    {
        string text = ratio is > 0 and < 0.01 ? ratio.ToString("0.0e0", CultureInfo.InvariantCulture) + "×"
            : ratio < 10 ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×"
            : Format(ratio) + "×";
        return showSpeedup && ratio > 0 ? $"{text} ({Format(1 / ratio)}× faster)" : text;
    }

    /// <summary>A message size: "0 B", "8 B", "4 KiB", "4 MiB".</summary>
    public static string Bytes(long size) => size switch
    {
        >= 1 << 20 when size % (1 << 20) == 0 => $"{size >> 20} MiB",
        >= 1 << 10 when size % (1 << 10) == 0 => $"{size >> 10} KiB",
        _ => $"{size} B",
    };
}
