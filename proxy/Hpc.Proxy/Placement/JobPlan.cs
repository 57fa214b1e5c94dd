namespace Hpc.Proxy.Placement;

/// <summary>A job's placement: the isles to start and where each rank runs.</summary>
/// <param name="Isles">This node's isles, each with at least one rank.</param>
/// <param name="Ranks">Every rank of the job exactly once, indexed by rank (those of other nodes have no isle).</param>
/// <param name="NodeCount">Nodes the job runs on.</param>
/// <param name="LocalNode">This node's index among them.</param>
internal sealed record JobPlan(IReadOnlyList<IslePlan> Isles, IReadOnlyList<RankPlan> Ranks, int NodeCount = 1, int LocalNode = 0)
{
    /// <summary>The ranks of this node, ascending.</summary>
    public IEnumerable<int> LocalRanks => Ranks.Where(r => r.IsLocal).Select(r => r.Rank);

    /// <summary>The cpus local rank <paramref name="rank"/> owns: its cpu and the next ones of its isle, one per core it holds.</summary>
    public int[] OwnedCpus(RankPlan rank)
    {
        ArgumentNullException.ThrowIfNull(rank);
        IReadOnlyList<int> cpus = Isles[rank.Isle].Cpus.Cpus;
        int first = Math.Max(0, Array.IndexOf([.. cpus], rank.Cpu));
        return [.. Enumerable.Range(0, Math.Clamp(rank.CoreCount, 1, cpus.Count)).Select(k => cpus[(first + k) % cpus.Count])];
    }
}
