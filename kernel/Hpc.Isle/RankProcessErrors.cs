using System.Globalization;
using System.Text;
using Hpc.Isles;

namespace Hpc.Isle;

/// <summary>
/// Reads a rank process's standard error line by line: forwards each line as the rank's own standard error, and picks
/// out what the rank process says about its end — the .NET runtime's report of an exception nothing caught, or the
/// marker <c>Job.Abort</c> writes (<see cref="RankProcessVariables"/>) — which from there to the end of the stream is
/// the rank's cause, not its output (as in an isle, where the same text travels in the exit record).
/// </summary>
internal sealed class RankProcessErrors
{
    /// <summary>Where forwarded lines go.</summary>
    private readonly Action<string> _forward;
    /// <summary>The cause being gathered once a marker was seen.</summary>
    private readonly StringBuilder _cause = new();
    /// <summary>The current, unfinished line.</summary>
    private readonly StringBuilder _line = new();
    /// <summary>Which marker started the cause, or null while none has.</summary>
    private string? _marker;

    /// <summary>Forwards lines to <paramref name="forward"/>.</summary>
    public RankProcessErrors(Action<string> forward) => _forward = forward;

    /// <summary>The exception the runtime reported (type, message and stack), or null.</summary>
    public string? UnhandledException => _marker == RankProcessVariables.UnhandledExceptionMarker ? _cause.ToString().TrimEnd() : null;

    /// <summary>The status and reason of a <c>Job.Abort</c>, or null.</summary>
    public (int Status, string Reason)? Abort
    {
        get
        {
            if (_marker != RankProcessVariables.AbortMarker)
            {
                return null;
            }

            string text = _cause.ToString();
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            string number = space < 0 ? text : text[..space];
            return int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int status)
                ? (status, space < 0 ? "" : text[(space + 1)..].TrimEnd())
                : (1, text.TrimEnd());
        }
    }

    /// <summary>Reads <paramref name="reader"/> to its end.</summary>
    public void ReadToEnd(TextReader reader)
    {
        char[] chunk = new char[4096];
        int read;
        while ((read = reader.Read(chunk)) > 0)
        {
            foreach (char c in chunk.AsSpan(0, read))
            {
                _ = _line.Append(c);
                if (c == '\n')
                {
                    EndLine();
                }
            }
        }

        EndLine();
    }

    /// <summary>Forwards or gathers the current line.</summary>
    private void EndLine()
    {
        if (_line.Length == 0)
        {
            return;
        }

        string line = _line.ToString();
        _ = _line.Clear();
        if (_marker is null)
        {
            _marker = line.StartsWith(RankProcessVariables.UnhandledExceptionMarker, StringComparison.Ordinal) ? RankProcessVariables.UnhandledExceptionMarker
                : line.StartsWith(RankProcessVariables.AbortMarker, StringComparison.Ordinal) ? RankProcessVariables.AbortMarker
                : null;
            if (_marker is null)
            {
                _forward(line);
                return;
            }

            line = line[_marker.Length..];
        }

        _ = _cause.Append(line);
    }
}
