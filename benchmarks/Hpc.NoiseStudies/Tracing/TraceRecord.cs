using System.Globalization;
using System.Text.RegularExpressions;

namespace Hpc.NoiseStudies.Tracing;

/// <summary>One line of a tracefs text trace: "COMM-PID [CPU] FLAGS SECONDS.MICROS: EVENT: FIELDS".</summary>
/// <param name="Cpu">The cpu it happened on.</param>
/// <param name="TimeNs">Its time, ns of the trace clock (CLOCK_MONOTONIC here).</param>
/// <param name="Pid">The task running when it happened.</param>
/// <param name="Event">The event's name (sched_switch, irq_handler_entry, …).</param>
/// <param name="Fields">The rest of the line, as the event prints it.</param>
internal readonly partial record struct TraceRecord(int Cpu, double TimeNs, int Pid, string Event, string Fields)
{
    /// <summary>Parses one line; false for comments and anything else.</summary>
    public static bool TryParse(string line, out TraceRecord record)
    {
        Match match = LinePattern().Match(line);
        if (!match.Success)
        {
            record = default;
            return false;
        }

        var c = CultureInfo.InvariantCulture;
        double time = (long.Parse(match.Groups["s"].ValueSpan, c) * 1e9) + (long.Parse(match.Groups["us"].ValueSpan, c) * 1e3);
        record = new TraceRecord(int.Parse(match.Groups["cpu"].ValueSpan, c), time, int.Parse(match.Groups["pid"].ValueSpan, c), match.Groups["event"].Value, match.Groups["fields"].Value);
        return true;
    }

    /// <summary>The value of "NAME=value" in the fields (up to the next space), or null.</summary>
    public string? Field(string name)
    {
        int at = Fields.IndexOf(name + "=", StringComparison.Ordinal);
        while (at > 0 && Fields[at - 1] != ' ' && Fields[at - 1] != '[')
        {
            at = Fields.IndexOf(name + "=", at + 1, StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return null;
        }

        int start = at + name.Length + 1;
        int end = Fields.IndexOf(' ', start);
        return (end < 0 ? Fields[start..] : Fields[start..end]).TrimEnd(']');
    }

    /// <summary>The default text format (irq-info on): the task may hold spaces and dashes, the pid is the last dash's.</summary>
    [GeneratedRegex(@"^\s*.+-(?<pid>\d+)\s+(\(\s*[\d-]+\)\s+)?\[(?<cpu>\d+)\]\s+\S+\s+(?<s>\d+)\.(?<us>\d{6}):\s+(?<event>\w+):\s?(?<fields>.*)$")]
    private static partial Regex LinePattern();
}
