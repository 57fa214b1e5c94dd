using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Placement;

/// <summary>One isle of a job.</summary>
/// <param name="Index">Its position in <see cref="JobPlan.Isles"/>.</param>
/// <param name="Cpus">The cores it is pinned to.</param>
/// <param name="MemoryBytes">Its memory (hosted: GC heap hard limit; metal: VM RAM), null for the default.</param>
/// <param name="Target">What it runs as.</param>
/// <param name="Ranks">Its ranks in ascending order.</param>
internal sealed record IslePlan(int Index, CpuSet Cpus, long? MemoryBytes, IsleTarget Target, IReadOnlyList<int> Ranks);
