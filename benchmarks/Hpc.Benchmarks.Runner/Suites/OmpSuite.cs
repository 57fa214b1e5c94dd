using Hpc.Benchmarks.Runner.Contenders;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;
using Spectre.Console;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// The OpenMP suite: EPCC syncbench and schedbench overheads for Hpc.OpenMp, GCC's libgomp (benchmarks/peers/
/// epcc_omp.c) and .NET's Parallel.For/Barrier, with a team of <see cref="Threads"/> threads, then syncbench for
/// Hpc.OpenMp and libgomp with <see cref="OversubscribedThreads"/> threads on the same cpus (a team larger than the
/// machine, where a spinning waiter holds the cpu the thread it waits for needs), in rounds that interleave them
/// all (A B C D E A B C D E …), with the C floor at the start and the end.
/// </summary>
internal sealed class OmpSuite
{
    /// <summary>The suite's name on the command line.</summary>
    public const string Name = "omp";

    /// <summary>Threads per team: one per cpu of this machine.</summary>
    public const int Threads = 2;

    /// <summary>Threads per team in the oversubscribed runs: twice the cpus of this machine.</summary>
    public const int OversubscribedThreads = 4;

    /// <summary>Rounds (each program run takes a few seconds).</summary>
    private const int Rounds = 5;

    /// <summary>Time limit of one program run.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    /// <summary>The folder the programs run in: the checkout's root.</summary>
    private readonly string _root;

    /// <summary>The programs compared (system, name, command), in the order each round runs them.</summary>
    private readonly (SystemKind System, string Name, ProcessCommand Command)[] _contenders;

    /// <summary>The C floor.</summary>
    private readonly FloorProbe _floor;

    /// <summary>Everything measured so far.</summary>
    private readonly SampleSet _set = new();

    /// <summary>A suite running the libgomp peer from <paramref name="buildDirectory"/> and the C# driver <paramref name="job"/>.</summary>
    public OmpSuite(string root, string buildDirectory, string job, FloorProbe floor)
    {
        _root = root;
        _floor = floor;
        // The same OpenMP environment for all three: a team of Threads, bound (the .NET side reads only the count).
        string[] environment = [$"OMP_NUM_THREADS={Threads}", "OMP_PROC_BIND=true"];
        // Oversubscribed: unbound, as a program started with more threads than its cpus would be.
        string[] oversubscribed = [$"OMP_NUM_THREADS={OversubscribedThreads}"];
        string gomp = Path.Combine(buildDirectory, "epcc_omp");
        _contenders =
        [
            (SystemKind.Hpc, "Hpc.OpenMp", new ProcessCommand("env", [.. environment, "dotnet", job, "hpc"])),
            (SystemKind.Gomp, "libgomp", new ProcessCommand("env", [.. environment, gomp])),
            (SystemKind.DotNet, "Parallel.For", new ProcessCommand("env", [.. environment, "dotnet", job, "dotnet"])),
            (SystemKind.Hpc, $"Hpc.OpenMp, {OversubscribedThreads} threads", new ProcessCommand("env", [.. oversubscribed, "dotnet", job, "hpc", "sync"])),
            (SystemKind.Gomp, $"libgomp, {OversubscribedThreads} threads", new ProcessCommand("env", [.. oversubscribed, gomp, "sync"])),
        ];
    }

    /// <summary>The 1-minute load average after the rounds, before the end floor.</summary>
    public double? LoadAfterRounds { get; private set; }

    /// <summary>Runs the whole suite, showing its progress in <paramref name="progress"/>.</summary>
    public SampleSet Run(ProgressContext progress)
    {
        ProgressTask rounds = progress.AddTask("EPCC syncbench + schedbench", autoStart: false, maxValue: (Rounds * _contenders.Length) + 2);
        rounds.StartTask();
        RunFloor(rounds, "floor-start");
        var failed = new HashSet<string>();
        for (int round = 1; round <= Rounds; round++)
        {
            foreach ((SystemKind system, string name, ProcessCommand command) in _contenders)
            {
                rounds.Description = $"EPCC: {name}, round {round}/{Rounds}";
                if (!failed.Contains(name))
                {
                    ChildResult result = ChildProcess.Run(command, _root, s_timeout);
                    int found = 0;
                    foreach (string text in result.Output)
                    {
                        if (ResultLine.TryParse(text, out ResultLine line) && line.Measure.StartsWith("omp-", StringComparison.Ordinal))
                        {
                            _set.Add(new Sample(system, line.Measure, line.Key, round, line.Value, "µs", line.Interval));
                            found++;
                        }
                    }

                    if (!result.Succeeded || found == 0)
                    {
                        failed.Add(name);
                        _set.Fail(new Failure(system, $"EPCC {name} round {round}", result.Succeeded ? "printed no result lines" : result.Describe()));
                    }
                }

                rounds.Increment(1);
            }
        }

        LoadAfterRounds = LoadAverage.Read();
        rounds.Description = "C floor (end)";
        RunFloor(rounds, "floor-end");
        rounds.Description = "EPCC syncbench + schedbench";
        rounds.StopTask();
        return _set;
    }

    /// <summary>One run of the floor program, recorded as <paramref name="measure"/>.</summary>
    private void RunFloor(ProgressTask task, string measure)
    {
        ChildResult result = ChildProcess.Run(_floor.Command, _root, s_timeout);
        ResultLine line = default;
        if (result.Succeeded && result.Output.Any(text => ResultLine.TryParse(text, out line) && line.Measure == "floor"))
        {
            _set.Add(new Sample(SystemKind.Floor, measure, 0, 1, line.Value, "ns"));
        }
        else
        {
            _set.Fail(new Failure(SystemKind.Floor, measure, result.Succeeded ? "printed no \"floor NS\" line" : result.Describe()));
        }

        task.Increment(1);
    }
}
