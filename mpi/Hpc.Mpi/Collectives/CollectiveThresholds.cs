namespace Hpc.Mpi.Collectives;

/// <summary>Where the collectives switch algorithms.</summary>
internal static class CollectiveThresholds
{
    /// <summary>
    /// Messages of at least this many bytes count as large: broadcast scatters and ring-allgathers them
    /// (van de Geijn), allreduce reduce-scatters and allgathers them (Rabenseifner or ring) instead of moving the
    /// whole vector log2(n) times.
    /// </summary>
    public const int LargeMessageBytes = 64 * 1024;

    /// <summary>
    /// For a large allreduce over a number of ranks that is not a power of two: the ring wins once every rank's share
    /// of the vector is at least this big. Below that, Rabenseifner with its fold-in of the extra ranks (two more
    /// whole-vector transfers, but 2·log2(n) steps instead of the ring's 2·(n−1)) is faster; a shared-memory message
    /// costs about as much as copying 4 KiB.
    /// </summary>
    public const int RingBytesPerRank = 4 * 1024;
}
