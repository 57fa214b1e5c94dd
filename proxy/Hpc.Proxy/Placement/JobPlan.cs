namespace Hpc.Proxy.Placement;

/// <summary>A job's placement: the isles to start and where each rank runs.</summary>
/// <param name="Isles">The isles, each with at least one rank.</param>
/// <param name="Ranks">Every rank exactly once, indexed by rank.</param>
internal sealed record JobPlan(IReadOnlyList<IslePlan> Isles, IReadOnlyList<RankPlan> Ranks);
