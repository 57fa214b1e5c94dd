using System.Globalization;
using Hpc.Noise;
using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Statistics;
using ScottPlot;

namespace Hpc.NoiseStudies.Reports;

/// <summary>The study's PNGs: time series per configuration, detour histogram (log–log), power spectrum.</summary>
internal static class PlotReport
{
    /// <summary>One colour per core in the time series, one per configuration elsewhere.</summary>
    private static readonly Color[] s_palette =
        [Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen, Colors.Crimson, Colors.MediumPurple, Colors.SaddleBrown, Colors.HotPink, Colors.Gray];

    /// <summary>Writes the plots into <paramref name="directory"/> and returns their file names.</summary>
    public static IReadOnlyList<string> Write(string directory, Study study)
    {
        var written = new List<string>();
        string[] configurations = [.. study.Parameters.Configurations.Where(c => study.Runs.Any(r => r.Configuration == c))];
        if (configurations.Length == 0)
        {
            return written;
        }

        if (study.Method != NoiseMethod.Hourglass)
        {
            TimeSeries(study, configurations).SavePng(Path.Combine(directory, "timeseries.png"), 1400, 260 * configurations.Length);
            written.Add("timeseries.png");
        }

        Detours(study, configurations).SavePng(Path.Combine(directory, "detours.png"), 1000, 600);
        written.Add("detours.png");
        if (study.Method is NoiseMethod.Ftq or NoiseMethod.Fwq)
        {
            Spectrum(study, configurations).SavePng(Path.Combine(directory, "spectrum.png"), 1000, 600);
            written.Add("spectrum.png");
        }

        return written;
    }

    /// <summary>
    /// Each configuration's first round: sample value against time, one colour per core. Every panel spans the
    /// same seconds (the longest run's), so bands and bursts line up across configurations; each title names the
    /// method, quantum and samples.
    /// </summary>
    internal static Multiplot TimeSeries(Study study, string[] configurations)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(configurations.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        StudyParameters p = study.Parameters;
        double seconds = study.Runs.Where(r => r.Round == 1).Select(r => (r.Window.End - r.Window.Start) / 1e9).DefaultIfEmpty(1).Max();
        for (int i = 0; i < configurations.Length; i++)
        {
            Plot plot = multiplot.GetPlot(i);
            foreach (CoreRun run in study.Runs.Where(r => r.Configuration == configurations[i] && r.Round == 1))
            {
                if (run.Values.Length == 0)
                {
                    continue;
                }

                double origin = run.Window.Start;
                double[] xs = [.. run.Starts.Select(s => (s - origin) / 1e9)];
                double[] ys = run.Method == NoiseMethod.Ftq ? NoiseStatistics.FtqLost(run.Values, run.QuantumNs) : run.Values;
                // Log10 of µs: the undisturbed band and ms-long preemptions fit in one panel. FTQ intervals that
                // lost nothing have no place on a log axis and are left out.
                double[] kept = [.. ys.Select((v, k) => (v, k)).Where(p => p.v > 0).Select(p => xs[p.k])];
                var points = plot.Add.ScatterPoints(kept, [.. ys.Where(v => v > 0).Select(v => Math.Log10(v / 1000))], s_palette[run.Cpu % s_palette.Length]);
                points.MarkerSize = 2;
                points.LegendText = string.Create(CultureInfo.InvariantCulture, $"cpu {run.Cpu}");
            }

            plot.Title(string.Create(CultureInfo.InvariantCulture,
                $"{configurations[i]}: {p.Method.ToUpperInvariant()}, {p.QuantumMicroseconds:0.##} µs quantum, {p.Samples:N0} samples per cpu (round 1)"));
            plot.Axes.SetLimitsX(0, seconds);
            plot.XLabel("time since the measured phase began (s)");
            plot.YLabel(study.Method switch { NoiseMethod.Fwq => "quantum (µs)", NoiseMethod.Ftq => "lost in interval (µs)", _ => "gap (µs)" });
            plot.Axes.Left.TickGenerator = LogTicks();
            plot.ShowLegend(Alignment.UpperRight);
        }

        return multiplot;
    }

    /// <summary>
    /// How many detours of each length, every configuration, both axes log10. Each bin is one marker at its lower
    /// edge (no line: a line between sparse log bins zig-zags and suggests counts between them); the bin widths are
    /// in the title.
    /// </summary>
    internal static Plot Detours(Study study, string[] configurations)
    {
        var plot = new Plot();
        for (int i = 0; i < configurations.Length; i++)
        {
            CoreRun[] runs = [.. study.Runs.Where(r => r.Configuration == configurations[i])];
            IReadOnlyList<(double FromNs, long Count)> bins = study.Method == NoiseMethod.Hourglass
                ? [.. runs.SelectMany(r => r.Histogram).GroupBy(b => b.FromNs).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(b => b.Count)))]
                : LogHistogram.Of(runs.SelectMany(r => NoiseStatistics.DetourList(r.Method, r.Starts, r.Values, r.QuantumNs, 0).Select(d => d.LostNs)));
            if (bins.Count == 0)
            {
                continue;
            }

            var points = plot.Add.ScatterPoints(bins.Select(b => Math.Log10(b.FromNs / 1000)).ToArray(), bins.Select(b => Math.Log10(b.Count)).ToArray(), s_palette[i % s_palette.Length]);
            points.LegendText = configurations[i];
            points.MarkerSize = 7;
        }

        plot.Title(study.Method == NoiseMethod.Hourglass
            ? "Gaps between TSC reads (hourglass; bins double: [2^k, 2^(k+1)) TSC ticks)"
            : string.Create(CultureInfo.InvariantCulture, $"Detour histogram, all cpus and rounds (bins: {LogHistogram.BinsPerDecade} a decade, each {Math.Pow(10, 1.0 / LogHistogram.BinsPerDecade):0.00}× the last)"));
        plot.XLabel(study.Method == NoiseMethod.Hourglass ? "gap (µs, bin's lower edge)" : "detour (µs, bin's lower edge)");
        plot.YLabel("count");
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The power spectrum of each configuration's series (cores averaged, first round).</summary>
    private static Plot Spectrum(Study study, string[] configurations)
    {
        var plot = new Plot();
        for (int i = 0; i < configurations.Length; i++)
        {
            CoreRun[] runs = [.. study.Runs.Where(r => r.Configuration == configurations[i] && r.Round == 1 && r.Values.Length >= 16)];
            if (runs.Length == 0)
            {
                continue;
            }

            double[]? frequency = null;
            double[]? sum = null;
            foreach (CoreRun run in runs)
            {
                // FWQ samples are one quantum apart (nearly): the spectrum of durations shows periodic noise too.
                (double[] f, double[] power) = PowerSpectrum.Of(run.Values, run.QuantumNs / 1e9);
                frequency ??= f;
                sum ??= new double[power.Length];
                for (int k = 0; k < Math.Min(sum.Length, power.Length); k++)
                {
                    sum[k] += power[k] / runs.Length;
                }
            }

            double[] xs = [.. frequency!.Skip(1)];
            double[] ys = [.. sum!.Skip(1).Select(p => Math.Log10(Math.Max(p, 1e-12)))];
            var line = plot.Add.ScatterLine(xs, ys, s_palette[i % s_palette.Length]);
            line.LegendText = configurations[i];
            line.LineWidth = 1;
        }

        plot.Title(study.Method == NoiseMethod.Ftq ? "FTQ power spectrum (work per interval)" : "FWQ power spectrum (quantum durations)");
        plot.XLabel("frequency (Hz)");
        plot.YLabel("power (log10)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Ticks at whole powers of ten of a log10 axis.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = exponent => Math.Pow(10, exponent).ToString(exponent < 0 ? "0.###" : "#,0", CultureInfo.InvariantCulture),
    };
}
