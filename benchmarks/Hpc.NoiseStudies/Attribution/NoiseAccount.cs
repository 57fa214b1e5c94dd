using System.Globalization;
using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Statistics;

namespace Hpc.NoiseStudies.Attribution;

/// <summary>
/// Accounts one run of one cpu the way rtla osnoise does, from the kernel trace of the cpu and the process's GC and
/// JIT events: each class's count and time in the measured phase (where causes overlap, the time goes to the class
/// of higher precedence, see <see cref="NoiseClass"/>), and each detour above the threshold with its causes; time a
/// detour lost that nothing covers is HW. GC and JIT are process-wide events, so they count only inside this cpu's
/// detours (a method compiled on the housekeeping cpu costs the measured loop nothing).
/// </summary>
internal static class NoiseAccount
{
    /// <summary>Slack around traced intervals: their timestamps have µs resolution.</summary>
    private const double TraceSlackNs = 1_000;

    /// <summary>Slack around runtime events: UTC and monotonic clocks line up to a few µs (as in <see cref="Attributor"/>).</summary>
    private const double RuntimeSlackNs = 20_000;

    /// <summary>Accounts <paramref name="run"/> with its cpu's <paramref name="traced"/> intervals and the process's <paramref name="events"/>.</summary>
    public static CpuNoise Account(CoreRun run, IReadOnlyList<Interference> traced, IReadOnlyList<RuntimeEvent>? events)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(traced);
        (double windowStart, double windowEnd) = run.Window;
        IReadOnlyList<Detour> detours = NoiseStatistics.DetourList(run.Method, run.Starts, run.Values, run.QuantumNs, Attributor.MinimumDetourNs);

        var intervals = new List<Interference>();
        foreach (Interference i in traced)
        {
            double from = Math.Max(i.StartNs, windowStart), to = Math.Min(i.EndNs, windowEnd);
            if (to > from)
            {
                intervals.Add(i with { StartNs = from, EndNs = to });
            }
        }

        // Runtime events, cut down to this cpu's detours.
        foreach (RuntimeEvent e in events ?? [])
        {
            double from = e.StartUtcNs - run.UtcOffsetNs - RuntimeSlackNs, to = e.EndUtcNs - run.UtcOffsetNs + RuntimeSlackNs;
            foreach (Detour d in detours.Where(d => d.Overlaps(from, to)))
            {
                intervals.Add(new Interference(e.Kind == "gc" ? NoiseClass.Gc : NoiseClass.Jit, Math.Max(from, d.StartNs), Math.Min(to, d.EndNs), e.Kind == "gc" ? "GC " + e.Detail : e.Detail));
            }
        }

        intervals.Sort((a, b) => a.StartNs.CompareTo(b.StartNs));
        Dictionary<NoiseClass, double> exclusive = Exclusive(intervals);
        var classes = new Dictionary<NoiseClass, ClassTotal>();
        foreach (NoiseClass c in Enum.GetValues<NoiseClass>().Where(c => c != NoiseClass.Hw))
        {
            Interference[] of = [.. intervals.Where(i => i.Class == c)];
            var sources = of.GroupBy(i => i.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(i => i.DurationNs), StringComparer.Ordinal);
            classes[c] = new ClassTotal(of.Length, exclusive.GetValueOrDefault(c), of.Select(i => i.DurationNs).DefaultIfEmpty(0).Max(), sources);
        }

        double longest = intervals.Select(i => i.DurationNs).DefaultIfEmpty(0).Max();
        var causes = new List<DetourCauses>();
        long hwCount = 0;
        double hwNs = 0, hwMax = 0;
        foreach (Detour d in detours)
        {
            (string text, double uncovered) = Causes(d, intervals, longest);
            if (uncovered > Attributor.MinimumDetourNs)
            {
                hwCount++;
                hwNs += uncovered;
                hwMax = Math.Max(hwMax, uncovered);
            }

            causes.Add(new DetourCauses(run.Round, d.StartNs - windowStart, d.LostNs, text));
        }

        classes[NoiseClass.Hw] = new ClassTotal(hwCount, hwNs, hwMax, new Dictionary<string, double>());
        return new CpuNoise(windowEnd - windowStart, detours.Sum(d => d.LostNs), detours.Select(d => d.LostNs).DefaultIfEmpty(0).Max(), classes, causes);
    }

    /// <summary>
    /// What overlapped detour <paramref name="d"/> (sources with their overlap, longest first, then HW) and the
    /// time it lost that nothing covers. <paramref name="intervals"/> are sorted by start; none is longer than
    /// <paramref name="longest"/>.
    /// </summary>
    private static (string Text, double UncoveredNs) Causes(Detour d, List<Interference> intervals, double longest)
    {
        var overlaps = new List<(Interference Cause, double From, double To)>();
        for (int k = FirstStartingAfter(intervals, d.StartNs - longest - TraceSlackNs); k < intervals.Count && intervals[k].StartNs <= d.EndNs + TraceSlackNs; k++)
        {
            Interference i = intervals[k];
            double slack = i.Class is NoiseClass.Gc or NoiseClass.Jit ? 0 : TraceSlackNs;
            double from = Math.Max(i.StartNs - slack, d.StartNs), to = Math.Min(i.EndNs + slack, d.EndNs);
            if (to > from)
            {
                overlaps.Add((i, from, to));
            }
        }

        double covered = Union(overlaps.Select(o => (o.From, o.To)));
        double uncovered = Math.Max(0, d.LostNs - covered);
        var parts = overlaps.GroupBy(o => (o.Cause.Class, o.Cause.Source))
            .Select(g => (Name: $"{Name(g.Key.Class)} {g.Key.Source}", Ns: Math.Min(d.LostNs, g.Sum(o => o.Cause.DurationNs))))
            .OrderByDescending(p => p.Ns)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Ns / 1e3:0.0} µs")).ToList();
        if (uncovered > Attributor.MinimumDetourNs || overlaps.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"HW {uncovered / 1e3:0.0} µs"));
        }

        return (string.Join("; ", parts), uncovered);
    }

    /// <summary>The time each class has the cpu to itself: overlaps go to the class of higher precedence (lower value).</summary>
    private static Dictionary<NoiseClass, double> Exclusive(List<Interference> intervals)
    {
        var edges = new List<(double Time, int Delta, NoiseClass Class)>(intervals.Count * 2);
        foreach (Interference i in intervals)
        {
            edges.Add((i.StartNs, +1, i.Class));
            edges.Add((i.EndNs, -1, i.Class));
        }

        edges.Sort((a, b) => a.Time.CompareTo(b.Time));
        int[] active = new int[Enum.GetValues<NoiseClass>().Length];
        var time = new Dictionary<NoiseClass, double>();
        double previous = 0;
        foreach ((double at, int delta, NoiseClass c) in edges)
        {
            int top = Array.FindIndex(active, n => n > 0);
            if (top >= 0)
            {
                time[(NoiseClass)top] = time.GetValueOrDefault((NoiseClass)top) + (at - previous);
            }

            active[(int)c] += delta;
            previous = at;
        }

        return time;
    }

    /// <summary>The length of the union of <paramref name="segments"/>.</summary>
    private static double Union(IEnumerable<(double From, double To)> segments)
    {
        double total = 0, end = double.NegativeInfinity;
        foreach ((double from, double to) in segments.OrderBy(s => s.From))
        {
            if (to <= end)
            {
                continue;
            }

            total += to - Math.Max(from, end);
            end = to;
        }

        return total;
    }

    /// <summary>The index of the first interval starting at or after <paramref name="time"/> (binary search).</summary>
    private static int FirstStartingAfter(List<Interference> intervals, double time)
    {
        int low = 0, high = intervals.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (intervals[middle].StartNs < time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>A class's name in the causes.</summary>
    public static string Name(NoiseClass c) => c switch
    {
        NoiseClass.Hw => "HW",
        NoiseClass.Nmi => "NMI",
        NoiseClass.Irq => "IRQ",
        NoiseClass.Softirq => "softirq",
        NoiseClass.Gc => "GC",
        NoiseClass.Jit => "JIT",
        _ => "thread",
    };
}
