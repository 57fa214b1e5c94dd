using Hpc.Benchmarks.Runner.Contenders;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;
using Spectre.Console;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// The multinode suite, on the namespace cluster: 8-byte latency and 1 MiB / 4 MiB bandwidth between two nodes (one
/// rank each), barrier and 8-byte allreduce over the setup's nodes (one rank each), Hpc.Mpi (through the per-node
/// proxies) against MPICH directly, in interleaved rounds, once per <see cref="ClusterSetup"/> (nodes sharing the
/// machine's cpus; nodes that own one cpu each).
/// </summary>
internal sealed class MultinodeSuite
{
    /// <summary>The suite's name on the command line.</summary>
    public const string Name = "multinode";

    /// <summary>Ranks (= nodes) of the point-to-point measures.</summary>
    public const int PairRanks = 2;

    /// <summary>Ranks (= nodes) of the collectives on the shared-cpu setup.</summary>
    public const int CollectiveRanks = 3;

    /// <summary>Interleaved rounds of each measure.</summary>
    private const int Rounds = 3;

    /// <summary>Time limit of one program run.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>The folder the programs run in.</summary>
    private readonly string _root;
    /// <summary>The setups, measured one after the other.</summary>
    private readonly IReadOnlyList<ClusterSetup> _setups;
    /// <summary>Everything measured so far.</summary>
    private readonly SampleSet _set = new();

    /// <summary>A suite over <paramref name="setups"/>, run from <paramref name="root"/>.</summary>
    public MultinodeSuite(string root, IReadOnlyList<ClusterSetup> setups)
    {
        _root = root;
        _setups = setups;
    }

    /// <summary>Runs the suite, showing progress.</summary>
    public SampleSet Run(ProgressContext progress)
    {
        foreach (ClusterSetup setup in _setups)
        {
            int measuring = setup.Contenders.Count(contender => contender.CanMeasure);
            foreach ((string measure, int ranks) in (ReadOnlySpan<(string, int)>)[("latency", setup.PairRanks), ("bandwidth", setup.PairRanks), ("collectives", setup.CollectiveRanks)])
            {
                string title = $"{measure} over {ranks} nodes ({setup.Label})";
                ProgressTask task = progress.AddTask(title, autoStart: true, maxValue: Rounds * measuring);
                var failed = new HashSet<SystemKind>();
                for (int round = 1; round <= Rounds; round++)
                {
                    foreach (IContender contender in setup.Contenders.Where(contender => contender.CanMeasure))
                    {
                        task.Description = $"{title}: {contender.Name}, round {round}/{Rounds}";
                        if (!failed.Contains(contender.System))
                        {
                            Measure(setup, contender, measure, ranks, round, failed);
                        }

                        task.Increment(1);
                    }
                }

                task.Description = title;
                task.StopTask();
            }
        }

        return _set;
    }

    /// <summary>One run of one contender.</summary>
    private void Measure(ClusterSetup setup, IContender contender, string measure, int ranks, int round, HashSet<SystemKind> failed)
    {
        ChildResult result = ChildProcess.Run(contender.Measure(measure, ranks), _root, s_timeout);
        int found = 0;
        foreach (string text in result.Output)
        {
            if (ResultLine.TryParse(text, out ResultLine line) && line.Measure != "floor")
            {
                _set.Add(new Sample(contender.System, setup.MeasurePrefix + line.Measure, line.Key, round, line.Value, line.Measure == "bandwidth" ? "MB/s" : "µs"));
                found++;
            }
        }

        if (!result.Succeeded || found == 0)
        {
            failed.Add(contender.System);
            _set.Fail(new Failure(contender.System, $"{measure} over {ranks} nodes ({setup.Label}), round {round}", result.Succeeded ? "printed no result lines" : result.Describe()));
        }
    }
}
