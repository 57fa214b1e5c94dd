using System.Globalization;
using System.Text;

namespace Hpc.Proxy.Cli;

/// <summary>
/// Keeps hermit-run's refusals to one bounded line: values from the user are quoted shortened and without control
/// characters, and a whole message is cut to <see cref="MaxLine"/> characters, since a 10 MB key or a path with a
/// newline must not turn one error line into megabytes or several lines.
/// </summary>
internal static class ErrorText
{
    /// <summary>The longest message printed, prefix included; the cut keeps the start, where the position and cause are.</summary>
    public const int MaxLine = 400;

    /// <summary>The most characters of a value shown inside a message.</summary>
    public const int MaxValue = 60;

    /// <summary>
    /// <paramref name="value"/> as shown inside a message, without quotes: control characters escaped, and when longer than
    /// <paramref name="max"/> its start followed by "…" and its full length.
    /// </summary>
    public static string Short(string value, int max = MaxValue)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shown = new StringBuilder();
        foreach (char c in value.Length > max ? value.AsSpan(0, max) : value)
        {
            _ = char.IsControl(c) ? shown.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : shown.Append(c);
        }

        return value.Length > max ? shown.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)").ToString() : shown.ToString();
    }

    /// <summary><paramref name="value"/> in single quotes, shortened as <see cref="Short"/> does.</summary>
    public static string Quote(string value) => $"'{Short(value)}'";

    /// <summary><paramref name="message"/> on one line of at most <see cref="MaxLine"/> characters.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLine ? line : string.Concat(line.AsSpan(0, MaxLine - 1), "…");
    }

    /// <summary>Prints <c>hermit-run: MESSAGE</c> as one bounded line on standard error.</summary>
    public static void Report(string message) => Console.Error.WriteLine(OneLine($"hermit-run: {message}"));
}
