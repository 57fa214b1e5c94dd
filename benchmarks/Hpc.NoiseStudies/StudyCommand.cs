using System.Globalization;
using System.Text.Json;
using Hpc.NoiseStudies.Reports;
using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Running;
using Spectre.Console;

namespace Hpc.NoiseStudies;

/// <summary>Runs a study and writes its folder: raw files, summary.csv, summary.md and the plots.</summary>
internal static class StudyCommand
{
    /// <summary>Runs <paramref name="options"/>; returns the exit status (1 when some run failed).</summary>
    public static int Run(StudyOptions options)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var parameters = new StudyParameters(
            options.Method.ToString().ToLowerInvariant(), options.Samples, options.QuantumMicroseconds, options.AllocationBytes,
            [.. options.Cpus], [.. options.Configurations.Select(c => c.Name)], options.Rounds, DateTime.UtcNow, Host());
        File.WriteAllText(Path.Combine(options.OutputDirectory, Study.ParametersFile), JsonSerializer.Serialize(parameters, new JsonSerializerOptions { WriteIndented = true }));

        if (MachineLoad.BusyWarning(MachineLoad.OneMinute(), Environment.ProcessorCount) is { } busy)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(busy)}");
        }

        var runner = new StudyRunner(options);
        var failures = new List<string>();
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = options.Configurations.ToDictionary(c => c, c => context.AddTask(Markup.Escape(c.Name), maxValue: options.Rounds));
                for (int round = 1; round <= options.Rounds; round++)
                {
                    foreach (StudyConfiguration configuration in options.Configurations)
                    {
                        ProgressTask task = tasks[configuration];
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{configuration.Name} (round {round}/{options.Rounds})"));
                        if (runner.RunOnce(configuration, round) is { } failure)
                        {
                            failures.Add(failure);
                        }

                        task.Increment(1);
                    }
                }
            });

        if (runner.TraceUnavailable is { } reason)
        {
            AnsiConsole.MarkupLine($"[yellow]no kernel trace:[/] {Markup.Escape(reason)}; attribution falls back to counts");
        }

        foreach (string failure in failures)
        {
            AnsiConsole.MarkupLine($"[red]failed:[/] {Markup.Escape(failure)}");
        }

        Report(options.OutputDirectory, options.Benchmark, options.BusyFloorPercent);
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Reads a study folder and writes (or rewrites) its tables and plots.</summary>
    public static void Report(string directory, bool benchmark, double busyFloorPercent)
    {
        Study study = Study.Load(directory);
        IReadOnlyList<CoreSummary> rows = study.Summarize();
        ConsoleReport.Write(rows);
        IReadOnlyList<ThreadExposure> exposures = study.Exposures();
        if (exposures.Count > 0)
        {
            ConsoleReport.Print(ExposureTable.Of(exposures, perConfiguration: 6));
        }

        string? verdicts = null;
        if (benchmark)
        {
            verdicts = BenchmarkVerdicts.Write(rows, busyFloorPercent);
        }

        CsvReport.Write(directory, rows);
        OsNoiseReport.WriteCsv(directory, rows);
        if (!study.Traced)
        {
            AnsiConsole.MarkupLine("no kernel trace in this study: interrupts and context switches are counts without durations");
        }

        IReadOnlyList<string> plots = [];
        try
        {
            plots = PlotReport.Write(directory, study);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
        {
            AnsiConsole.MarkupLine($"[red]plots failed:[/] {Markup.Escape(e.Message)}");
        }

        MarkdownReport.Write(directory, study, rows, plots, verdicts, exposures);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(directory)} ({CsvReport.FileName}, {MarkdownReport.FileName}, {string.Join(", ", plots)}, raw/)");
    }

    /// <summary>A line about the machine: kernel, cpus, load.</summary>
    private static string Host()
    {
        string Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "?";
        string load = Read("/proc/loadavg").Split(' ')[0];
        return $"Linux {Read("/proc/sys/kernel/osrelease")}, {Environment.ProcessorCount} cpus, load {load} at start";
    }
}
