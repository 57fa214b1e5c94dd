namespace Hpc.Segment;

/// <summary>
/// What a rank waits in, as it publishes it in its <see cref="RankWait"/> record: a point-to-point call, or the
/// collective it is inside (a collective's own sends and receives carry the collective's name). Numbers are part of
/// the segment layout: append, never renumber.
/// </summary>
internal enum RankWaitOp
{
    /// <summary>Not waiting: running, or returned.</summary>
    None = 0,
    /// <summary>A blocking receive.</summary>
    Recv = 1,
    /// <summary>A blocking send (a large message waiting for its receiver, or channel space).</summary>
    Send = 2,
    /// <summary>A send and a receive in one call.</summary>
    Sendrecv = 3,
    /// <summary>A blocking probe.</summary>
    Probe = 4,
    /// <summary>Waiting for one request.</summary>
    Wait = 5,
    /// <summary>Waiting for every request of a list.</summary>
    WaitAll = 6,
    /// <summary>Waiting for one request of a list.</summary>
    WaitAny = 7,
    /// <summary>Inside a barrier.</summary>
    Barrier = 8,
    /// <summary>Inside a broadcast.</summary>
    Bcast = 9,
    /// <summary>Inside a reduce.</summary>
    Reduce = 10,
    /// <summary>Inside an allreduce.</summary>
    Allreduce = 11,
    /// <summary>Inside a gather.</summary>
    Gather = 12,
    /// <summary>Inside a gather of blocks of different sizes.</summary>
    Gatherv = 13,
    /// <summary>Inside a scatter.</summary>
    Scatter = 14,
    /// <summary>Inside a scatter of blocks of different sizes.</summary>
    Scatterv = 15,
    /// <summary>Inside an allgather.</summary>
    Allgather = 16,
    /// <summary>Inside an allgather of blocks of different sizes.</summary>
    Allgatherv = 17,
    /// <summary>Inside an all-to-all.</summary>
    Alltoall = 18,
    /// <summary>Inside an all-to-all of blocks of different sizes.</summary>
    Alltoallv = 19,
    /// <summary>Inside an inclusive scan.</summary>
    Scan = 20,
    /// <summary>Inside an exclusive scan.</summary>
    Exscan = 21,
}
