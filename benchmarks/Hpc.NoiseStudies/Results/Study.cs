using System.Text.Json;
using Hpc.Noise;
using Hpc.NoiseStudies.Attribution;

namespace Hpc.NoiseStudies.Results;

/// <summary>A study's folder read back: its parameters, the runs of every configuration and their runtime events.</summary>
internal sealed class Study
{
    /// <summary>Name of the parameters file in the study folder.</summary>
    public const string ParametersFile = "study.json";

    /// <summary>Reads <paramref name="directory"/>.</summary>
    private Study(string directory, StudyParameters parameters, IReadOnlyList<CoreRun> runs)
    {
        Directory = directory;
        Parameters = parameters;
        Runs = runs;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>What the study ran.</summary>
    public StudyParameters Parameters { get; }

    /// <summary>Every core of every run.</summary>
    public IReadOnlyList<CoreRun> Runs { get; }

    /// <summary>The method.</summary>
    public NoiseMethod Method => Runs.Count > 0 ? Runs[0].Method : NoiseMethod.Fwq;

    /// <summary>Reads a study folder written by a study.</summary>
    public static Study Load(string directory)
    {
        string path = Path.Combine(directory, ParametersFile);
        StudyParameters parameters = JsonSerializer.Deserialize<StudyParameters>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty");
        var runs = new List<CoreRun>();
        foreach (string configuration in parameters.Configurations)
        {
            for (int round = 1; round <= parameters.Rounds; round++)
            {
                string run = Running.StudyRunner.RunDirectory(directory, configuration, round);
                if (System.IO.Directory.Exists(run))
                {
                    runs.AddRange(CoreRun.LoadAll(run, configuration, round));
                }
            }
        }

        return new Study(directory, parameters, runs);
    }

    /// <summary>The runtime events of <paramref name="run"/>'s process, or null when none were collected.</summary>
    public IReadOnlyList<RuntimeEvent>? Events(CoreRun run)
    {
        string path = Path.Combine(Running.StudyRunner.RunDirectory(Directory, run.Configuration, run.Round), "events.csv");
        return File.Exists(path) ? RuntimeEvent.Load(path) : null;
    }

    /// <summary>True when some run of the study holds a kernel trace.</summary>
    public bool Traced => Runs.Any(r => File.Exists(Tracing.TraceSession.TraceFile(Running.StudyRunner.RunDirectory(Directory, r.Configuration, r.Round), r.Cpu)));

    /// <summary>The rtla-style account of <paramref name="run"/> from its cpu's kernel trace, or null without one.</summary>
    private CpuNoise? Noise(CoreRun run)
    {
        string trace = Tracing.TraceSession.TraceFile(Running.StudyRunner.RunDirectory(Directory, run.Configuration, run.Round), run.Cpu);
        return File.Exists(trace) ? NoiseAccount.Account(run, Tracing.CpuTrace.Read(trace, ThreadExposure.MeasuredTid(run, Threads(run.Configuration, run.Round))), Events(run)) : null;
    }

    /// <summary>The thread samples of a run (threads.csv), empty when none were taken.</summary>
    public IReadOnlyList<ThreadSample> Threads(string configuration, int round) =>
        ThreadSample.Load(Path.Combine(Running.StudyRunner.RunDirectory(Directory, configuration, round), Running.ThreadSampler.FileName));

    /// <summary>Per configuration (first round), the threads other than the measured ones that may run on a measured cpu while it measures.</summary>
    public IReadOnlyList<ThreadExposure> Exposures() =>
        [.. Parameters.Configurations.SelectMany(c => ThreadExposure.Of(c, [.. Runs.Where(r => r.Configuration == c && r.Round == 1)], Threads(c, 1)))];

    /// <summary>One row per configuration and core, in the study's order.</summary>
    public IReadOnlyList<CoreSummary> Summarize()
    {
        var cache = new Dictionary<(string, int), IReadOnlyList<RuntimeEvent>?>();
        IReadOnlyList<RuntimeEvent>? EventsOf(CoreRun run)
        {
            if (!cache.TryGetValue((run.Configuration, run.Round), out var events))
            {
                cache[(run.Configuration, run.Round)] = events = Events(run);
            }

            return events;
        }

        return [.. Runs.GroupBy(r => (r.Configuration, r.Cpu))
            .OrderBy(g => Parameters.Configurations.IndexOf(g.Key.Configuration)).ThenBy(g => g.Key.Cpu)
            .Select(g => CoreSummary.Pool([.. g], EventsOf, Noise))];
    }
}
