namespace Hpc.Proxy.Cluster;

/// <summary>How ranks are dealt out to isles.</summary>
internal enum PlacementPolicy
{
    /// <summary>Contiguous blocks of ranks per isle, sized in proportion to the isle's cores ("block").</summary>
    Block,

    /// <summary>Rank r goes to isle r mod isle count ("round-robin").</summary>
    RoundRobin,
}
