using System.Globalization;
using Hpc.Benchmarks.Runner.Results;
using ScottPlot;

namespace Hpc.Benchmarks.Runner.Reports;

/// <summary>latency-bandwidth.png: latency and bandwidth against message size, one curve per system, log–log.</summary>
internal static class PlotReport
{
    /// <summary>The systems drawn, with their legend names and colours.</summary>
    private static readonly (SystemKind System, string Name, Color Color)[] s_systems =
    [
        (SystemKind.Hpc, "Hpc.Mpi", Colors.DarkOrange),
        (SystemKind.Mpich, "MPICH", Colors.SteelBlue),
    ];

    /// <summary>Writes the picture into <paramref name="directory"/>; false when there was nothing to draw.</summary>
    public static bool Write(string directory, SampleSet set)
    {
        if (set.Keys("latency").Count == 0 && set.Keys("bandwidth").Count == 0)
        {
            return false;
        }

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Draw(multiplot.GetPlot(0), set, "latency", "one-way latency (µs)", "Latency, median over rounds");
        Draw(multiplot.GetPlot(1), set, "bandwidth", "bandwidth (MB/s)", "Bandwidth, window of 64");
        multiplot.SavePng(Path.Combine(directory, "latency-bandwidth.png"), 1400, 560);
        return true;
    }

    /// <summary>One panel: <paramref name="measure"/> against size for each system, both axes log10.</summary>
    private static void Draw(Plot plot, SampleSet set, string measure, string yLabel, string title)
    {
        // Size 0 has no place on a log axis.
        long[] sizes = [.. set.Keys(measure).Where(size => size > 0)];
        foreach ((SystemKind system, string name, Color color) in s_systems)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (long size in sizes)
            {
                if (set.Median(system, measure, size) is { } value && value > 0)
                {
                    xs.Add(Math.Log10(size));
                    ys.Add(Math.Log10(value));
                }
            }

            if (xs.Count == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
            scatter.LegendText = name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
        }

        plot.Title(title);
        plot.XLabel("message size (bytes)");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = LogTicks(DecimalBytes);
        plot.Axes.Left.TickGenerator = LogTicks(exponent => Math.Pow(10, exponent).ToString(exponent < 0 ? "0.###" : "#,0", CultureInfo.InvariantCulture));
        plot.ShowLegend(Alignment.UpperLeft);
    }

    /// <summary>The label of a power of ten of bytes: "10 B", "1 kB", "100 MB".</summary>
    private static string DecimalBytes(double exponent)
    {
        int power = (int)Math.Round(exponent);
        string[] units = ["B", "kB", "MB", "GB"];
        int unit = Math.Clamp(power / 3, 0, units.Length - 1);
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, power - (3 * unit)):0} {units[unit]}");
    }

    /// <summary>Ticks at whole powers of ten of a log10 axis, minor ticks between, labels from <paramref name="label"/>.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks(Func<double, string> label) => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = label,
    };
}
