namespace Hpc.Mpi.Tests.Collectives;

/// <summary>How the ranks of a test world are spread over isles.</summary>
public enum IsleShape
{
    /// <summary>Every rank on its own isle: flat algorithms.</summary>
    Flat,

    /// <summary>All ranks on one isle: flat algorithms.</summary>
    OneIsle,

    /// <summary>Isles of three consecutive ranks (the last may be smaller): hierarchical, contiguous.</summary>
    Blocks3,

    /// <summary>Isles of eight consecutive ranks: hierarchical, contiguous.</summary>
    Blocks8,

    /// <summary>Rank r on isle r mod 3: hierarchical, not contiguous.</summary>
    RoundRobin3,
}
