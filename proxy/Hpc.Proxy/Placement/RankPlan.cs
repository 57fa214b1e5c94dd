namespace Hpc.Proxy.Placement;

/// <summary>Where one rank runs.</summary>
/// <param name="Rank">The rank, 0 to Np - 1.</param>
/// <param name="Isle">The index of its isle in <see cref="JobPlan.Isles"/>.</param>
/// <param name="Cpu">The cpu it is pinned to.</param>
/// <param name="CoreCount">The cores it owns: <paramref name="Cpu"/> and the next ones of its isle's cpus (--threads).</param>
internal sealed record RankPlan(int Rank, int Isle, int Cpu, int CoreCount = 1);
