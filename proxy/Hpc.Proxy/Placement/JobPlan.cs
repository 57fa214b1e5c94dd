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
}
