using Hpc.Benchmarks.Runner.Contenders;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// One way of running the multinode suite on the namespace cluster: which nodes, whether each owns a cpu, and the
/// rank counts; its samples carry <see cref="MeasurePrefix"/> so that the report keeps the setups apart.
/// </summary>
/// <param name="Label">What the report calls it (e.g. "3 nodes share 2 cpus").</param>
/// <param name="MeasurePrefix">Put before each measure's name in the samples ("" for the shared setup).</param>
/// <param name="Contenders">The systems compared on it.</param>
/// <param name="PairRanks">Ranks (= nodes) of latency and bandwidth.</param>
/// <param name="CollectiveRanks">Ranks (= nodes) of the collectives.</param>
internal sealed record ClusterSetup(string Label, string MeasurePrefix, IReadOnlyList<IContender> Contenders, int PairRanks, int CollectiveRanks)
{
    /// <summary>The prefix of the setup where every node owns one cpu (the fair comparison of issue 18).</summary>
    public const string OwnedCpuPrefix = "owned-";
}
