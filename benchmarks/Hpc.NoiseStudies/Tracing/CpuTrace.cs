using System.Globalization;
using System.Text.RegularExpressions;
using Hpc.NoiseStudies.Attribution;

namespace Hpc.NoiseStudies.Tracing;

/// <summary>
/// One cpu's text trace (see <see cref="TraceSession"/>) turned into the intervals in which that cpu did something
/// other than run the measured thread: irq and vector handlers, softirqs, NMIs, and other tasks switched in.
/// </summary>
internal static partial class CpuTrace
{
    /// <summary>
    /// The interference in <paramref name="path"/>. <paramref name="measuredTid"/> is the measured thread as the
    /// trace knows it; when the trace never switches to it (0, unknown; or an id inside an isle's pid namespace that
    /// was not mapped), the task that ran longest is taken for it.
    /// </summary>
    public static IReadOnlyList<Interference> Read(string path, int measuredTid)
    {
        var records = new List<TraceRecord>();
        foreach (string line in File.ReadLines(path))
        {
            if (TraceRecord.TryParse(line, out TraceRecord record))
            {
                records.Add(record);
            }
        }

        bool seen = measuredTid != 0 && records.Any(r => r.Event == "sched_switch" && SwitchPattern().Match(r.Fields) is { Success: true } m
            && (m.Groups["next"].ValueSpan.SequenceEqual(measuredTid.ToString(CultureInfo.InvariantCulture)) || m.Groups["prev"].ValueSpan.SequenceEqual(measuredTid.ToString(CultureInfo.InvariantCulture))));
        return Intervals(records, seen ? measuredTid : LongestRunning(records));
    }

    /// <summary>The intervals of <paramref name="records"/> (one cpu, in time order).</summary>
    public static IReadOnlyList<Interference> Intervals(IReadOnlyList<TraceRecord> records, int measuredTid)
    {
        var intervals = new List<Interference>();
        if (records.Count == 0)
        {
            return intervals;
        }

        (double Start, string Source)? irq = null, softirq = null;
        var vectors = new Dictionary<string, double>(StringComparer.Ordinal);
        (double Start, string Source)? task = null;
        bool switched = false;
        foreach (TraceRecord r in records)
        {
            switch (r.Event)
            {
                case "irq_handler_entry":
                    irq = (r.TimeNs, "irq " + (r.Field("name") ?? r.Field("irq") ?? "?"));
                    break;
                case "irq_handler_exit" when irq is { } open:
                    intervals.Add(new Interference(NoiseClass.Irq, open.Start, r.TimeNs, open.Source));
                    irq = null;
                    break;
                case "softirq_entry":
                    softirq = (r.TimeNs, r.Field("action") ?? r.Field("vec") ?? "?");
                    break;
                case "softirq_exit" when softirq is { } open:
                    intervals.Add(new Interference(NoiseClass.Softirq, open.Start, r.TimeNs, open.Source));
                    softirq = null;
                    break;
                case "nmi_handler":
                    // Written after the handler, with its length.
                    Match nmi = NmiPattern().Match(r.Fields);
                    double length = nmi.Success ? double.Parse(nmi.Groups["ns"].ValueSpan, CultureInfo.InvariantCulture) : 0;
                    intervals.Add(new Interference(NoiseClass.Nmi, r.TimeNs - length, r.TimeNs, nmi.Success ? nmi.Groups["handler"].Value : "nmi"));
                    break;
                case "sched_switch":
                    Match next = SwitchPattern().Match(r.Fields);
                    if (!next.Success)
                    {
                        break;
                    }

                    int prevPid = int.Parse(next.Groups["prev"].ValueSpan, CultureInfo.InvariantCulture);
                    int nextPid = int.Parse(next.Groups["next"].ValueSpan, CultureInfo.InvariantCulture);
                    if (task is { } running)
                    {
                        intervals.Add(new Interference(NoiseClass.Thread, running.Start, r.TimeNs, running.Source));
                    }
                    else if (!switched && prevPid != measuredTid)
                    {
                        // Another task was on the cpu when the trace (as kept) begins.
                        intervals.Add(new Interference(NoiseClass.Thread, records[0].TimeNs, r.TimeNs, Task(next.Groups["prevcomm"].Value, prevPid)));
                    }

                    switched = true;
                    task = nextPid == measuredTid ? null : (r.TimeNs, Task(next.Groups["nextcomm"].Value, nextPid));
                    break;
                default:
                    if (r.Event.EndsWith("_entry", StringComparison.Ordinal))
                    {
                        vectors[r.Event[..^"_entry".Length]] = r.TimeNs;
                    }
                    else if (r.Event.EndsWith("_exit", StringComparison.Ordinal) && vectors.Remove(r.Event[..^"_exit".Length], out double start))
                    {
                        intervals.Add(new Interference(NoiseClass.Irq, start, r.TimeNs, r.Event[..^"_exit".Length]));
                    }

                    break;
            }
        }

        if (task is { } last)
        {
            intervals.Add(new Interference(NoiseClass.Thread, last.Start, double.PositiveInfinity, last.Source));
        }

        return intervals;
    }

    /// <summary>A task as "comm:pid"; the idle task as "idle" (the measured thread was off the cpu, blocked).</summary>
    private static string Task(string comm, int pid) => pid == 0 ? "idle" : string.Create(CultureInfo.InvariantCulture, $"{comm}:{pid}");

    /// <summary>The task that the switches show running longest (the measured thread, when its id is not known).</summary>
    private static int LongestRunning(IReadOnlyList<TraceRecord> records)
    {
        var time = new Dictionary<int, double>();
        (int Pid, double Since)? running = null;
        foreach (TraceRecord r in records.Where(r => r.Event == "sched_switch"))
        {
            Match match = SwitchPattern().Match(r.Fields);
            if (!match.Success)
            {
                continue;
            }

            if (running is { } current)
            {
                time[current.Pid] = time.GetValueOrDefault(current.Pid) + (r.TimeNs - current.Since);
            }

            running = (int.Parse(match.Groups["next"].ValueSpan, CultureInfo.InvariantCulture), r.TimeNs);
        }

        return time.Where(p => p.Key != 0).OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault(-1);
    }

    /// <summary>sched_switch's fields (task names may hold spaces).</summary>
    [GeneratedRegex(@"prev_comm=(?<prevcomm>.*) prev_pid=(?<prev>\d+) .*==> next_comm=(?<nextcomm>.*) next_pid=(?<next>\d+)")]
    private static partial Regex SwitchPattern();

    /// <summary>nmi_handler's fields: "HANDLER() delta_ns: N handled: H".</summary>
    [GeneratedRegex(@"^(?<handler>\S+?)(\(\))? delta_ns: (?<ns>\d+)")]
    private static partial Regex NmiPattern();
}
