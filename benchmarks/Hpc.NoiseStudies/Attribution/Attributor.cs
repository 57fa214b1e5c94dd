using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Statistics;

namespace Hpc.NoiseStudies.Attribution;

/// <summary>Attributes one core's detours to runtime events, context switches and interrupts.</summary>
internal static class Attributor
{
    /// <summary>Detours shorter than this are jitter, not attributed.</summary>
    public const double MinimumDetourNs = 1_000;

    /// <summary>Slack when matching in time: the two clocks are lined up through UTC to a few µs.</summary>
    private const double SlackNs = 20_000;

    /// <summary>
    /// Attributes <paramref name="run"/>'s detours. <paramref name="events"/> are the process's runtime events
    /// (UTC), or null when none were collected.
    /// </summary>
    public static Attribution Attribute(CoreRun run, IReadOnlyList<RuntimeEvent>? events)
    {
        ArgumentNullException.ThrowIfNull(run);
        IReadOnlyList<Detour> detours = NoiseStatistics.DetourList(run.Method, run.Starts, run.Values, run.QuantumNs, MinimumDetourNs);
        (double windowStart, double windowEnd) = run.Window;
        double offset = run.UtcOffsetNs;
        var gcs = new List<(double From, double To)>();
        var jits = new List<(double From, double To)>();
        foreach (RuntimeEvent e in events ?? [])
        {
            (double from, double to) = (e.StartUtcNs - offset, e.EndUtcNs - offset);
            if (to < windowStart - SlackNs || from > windowEnd + SlackNs)
            {
                continue;
            }

            (e.Kind == "gc" ? gcs : jits).Add((from - SlackNs, to + SlackNs));
        }

        double gcNs = 0, jitNs = 0;
        var left = new List<double>();
        foreach (Detour detour in detours)
        {
            if (gcs.Any(g => detour.Overlaps(g.From, g.To)))
            {
                gcNs += detour.LostNs;
            }
            else if (jits.Any(j => detour.Overlaps(j.From, j.To)))
            {
                jitNs += detour.LostNs;
            }
            else
            {
                left.Add(detour.LostNs);
            }
        }

        // Counts without times: each switch or interrupt explains at most one detour, the longest first (a
        // preemption costs more than an interrupt, so switches go first).
        left.Sort((a, b) => b.CompareTo(a));
        long switches = (long)run.Number("ctx:involuntary");
        long? interrupts = run.InterruptsCounted ? run.Sum("irq:") + run.Sum("softirq:") : null;
        double switchNs = left.Take((int)Math.Min(switches, left.Count)).Sum();
        double interruptNs = left.Skip((int)Math.Min(switches, left.Count)).Take((int)Math.Min(interrupts ?? 0, int.MaxValue)).Sum();
        return new Attribution(
            detours.Sum(d => d.LostNs), detours.Count, gcNs, jitNs, switchNs, interruptNs,
            (long)run.Number("gcs"), (long)run.Number("jit_methods"),
            events is null ? null : gcs.Count, events is null ? null : jits.Count, switches, interrupts);
    }
}
