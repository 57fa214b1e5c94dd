namespace Hpc.Proxy.Placement;

/// <summary>Where one rank runs.</summary>
/// <param name="Rank">The rank, 0 to Np - 1.</param>
/// <param name="Isle">The index of its isle in <see cref="JobPlan.Isles"/>; -1 for a rank of another node.</param>
/// <param name="Cpu">The cpu it is pinned to (-1 for a rank of another node).</param>
/// <param name="CoreCount">The cores it owns: <paramref name="Cpu"/> and the next ones of its isle's cpus (--threads).</param>
/// <param name="Node">The node running it (0 in a job of one node).</param>
internal sealed record RankPlan(int Rank, int Isle, int Cpu, int CoreCount = 1, int Node = 0)
{
    /// <summary>True when the rank runs on this node (in one of <see cref="JobPlan.Isles"/>).</summary>
    public bool IsLocal => Isle >= 0;
}
