using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Placement;

/// <summary>What the command line asks of a job's placement.</summary>
/// <param name="Np">The rank count (<c>-n</c>).</param>
/// <param name="Isles">The isle count (<c>--isles K</c>), null to decide from the node.</param>
/// <param name="CoresPerIsle">The cores of each isle (<c>--cores-per-isle G</c>), null to decide from the node.</param>
/// <param name="Target">Overrides every isle's target (<c>--target</c>), null to keep them.</param>
/// <param name="Placement">How ranks are dealt out to isles.</param>
/// <param name="ThreadsPerRank">The cores each rank owns (<c>--threads T</c>) for its own threads, such as an Hpc.OpenMp team.</param>
internal sealed record PlanRequest(int Np, int? Isles, int? CoresPerIsle, IsleTarget? Target, PlacementPolicy Placement, int ThreadsPerRank = 1);
