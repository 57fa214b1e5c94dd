using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Suites;
using Hpc.Benchmarks.Runner.Summaries;
using ScottPlot;

namespace Hpc.Benchmarks.Runner.Reports;

/// <summary>
/// epcc-overheads.png (syncbench) and epcc-schedules.png (schedbench): the overheads of each system as grouped bars
/// (log scale), team of <see cref="OmpSuite.Threads"/>. A figure the run did not resolve (its interval reaches zero)
/// has no bar.
/// </summary>
internal static class OmpPlotReport
{
    /// <summary>The systems drawn, with their legend names and colours.</summary>
    private static readonly (SystemKind System, string Name, Color Color)[] s_systems =
    [
        (SystemKind.Hpc, "Hpc.OpenMp", Colors.DarkOrange),
        (SystemKind.Gomp, "libgomp", Colors.SteelBlue),
        (SystemKind.DotNet, "Parallel.For/Barrier", Colors.Gray),
    ];

    /// <summary>Writes both pictures into <paramref name="directory"/>; false when there was nothing to draw.</summary>
    public static bool Write(string directory, SampleSet set)
    {
        ILookup<bool, (string Measure, string Label)> bySchedule = OmpSummary.Constructs.ToLookup(c => c.Measure.StartsWith("omp-sched", StringComparison.Ordinal));
        bool sync = Write(Path.Combine(directory, "epcc-overheads.png"), set, [.. bySchedule[false]], "EPCC syncbench overheads");
        bool sched = Write(Path.Combine(directory, "epcc-schedules.png"), set, [.. bySchedule[true]], "EPCC schedbench overheads");
        return sync || sched;
    }

    /// <summary>Writes one picture of <paramref name="constructs"/> to <paramref name="file"/>; false when there was nothing to draw.</summary>
    private static bool Write(string file, SampleSet set, (string Measure, string Label)[] constructs, string title)
    {
        var plot = new Plot();
        bool any = false;
        for (int s = 0; s < s_systems.Length; s++)
        {
            (SystemKind system, string name, Color color) = s_systems[s];
            var bars = new List<Bar>();
            for (int c = 0; c < constructs.Length; c++)
            {
                // Overheads below 10 ns are drawn at 10 ns: a log axis has no zero. Unresolved ones are not drawn.
                if (set.Median(system, constructs[c].Measure, OmpSuite.Threads) is { } value
                    && set.MedianInterval(system, constructs[c].Measure, OmpSuite.Threads) is not { IsResolved: false })
                {
                    bars.Add(new Bar { Position = (c * (s_systems.Length + 1)) + s, Value = Math.Log10(Math.Max(value, 0.01)) + 2, FillColor = color });
                }
            }

            if (bars.Count == 0)
            {
                continue;
            }

            any = true;
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = name;
        }

        if (!any)
        {
            return false;
        }

        Tick[] ticks = [.. constructs.Select((c, i) => new Tick((i * (s_systems.Length + 1)) + 1, c.Label))];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [new Tick(0, "0.01"), new Tick(1, "0.1"), new Tick(2, "1"), new Tick(3, "10"), new Tick(4, "100"), new Tick(5, "1000")]);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("overhead (µs, log scale)");
        plot.Title($"{title}, {OmpSuite.Threads} threads, median over rounds (unresolved figures: no bar)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(file, 1400, 560);
        return true;
    }
}
