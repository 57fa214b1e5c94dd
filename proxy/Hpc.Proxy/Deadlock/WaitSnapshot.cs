using Hpc.Segment;

namespace Hpc.Proxy.Deadlock;

/// <summary>
/// A copy of one rank's wait record, checked: the proxy never trusts the segment, so a record with an unknown
/// operation or a rank outside the job reads as "not waiting" (such a rank can only keep a deadlock from being
/// reported, never cause a report or an out-of-range access).
/// </summary>
/// <param name="Sequence">The rank's wait counter when it published the wait.</param>
/// <param name="Op">What it waits in; <see cref="RankWaitOp.None"/> while it runs.</param>
/// <param name="Source">World rank the awaited message comes from, <see cref="RankWait.AnyValue"/> or <see cref="RankWait.NoRank"/>.</param>
/// <param name="Destination">World rank of a blocked send, or <see cref="RankWait.NoRank"/>.</param>
/// <param name="Tag">Tag, or <see cref="RankWait.AnyValue"/>.</param>
/// <param name="Context">Communication context.</param>
internal readonly record struct WaitSnapshot(int Sequence, RankWaitOp Op, int Source, int Destination, int Tag, int Context)
{
    /// <summary>The highest operation number this proxy knows.</summary>
    private const RankWaitOp LastOp = RankWaitOp.Exscan;

    /// <summary>True when the rank says it is blocked.</summary>
    public bool IsWaiting => Op != RankWaitOp.None;

    /// <summary>
    /// True for a wait that only a message from <see cref="Source"/> (or from anyone, for any-source) can end: a
    /// receive, probe or collective receive. A blocked send is ended by its receiver copying the data, which leaves no
    /// trace in a channel, so it is never judged at once.
    /// </summary>
    public bool AwaitsMessage => IsWaiting && Source != RankWait.NoRank && Destination == RankWait.NoRank;

    /// <summary>Reads and checks rank <paramref name="rank"/>'s record in a segment of <paramref name="rankCount"/> ranks.</summary>
    public static unsafe WaitSnapshot Read(SegmentView segment, int rank, int rankCount)
    {
        RankWait* wait = &segment.Rank(rank)->Wait;
        // Sequence first: the rank writes it last, so a record read after it is at least as new.
        int sequence = Volatile.Read(ref wait->Sequence);
        int op = Volatile.Read(ref wait->Op);
        int source = Volatile.Read(ref wait->Source);
        int destination = Volatile.Read(ref wait->Destination);
        int tag = Volatile.Read(ref wait->Tag);
        int context = Volatile.Read(ref wait->Context);
        bool valid = op > 0 && op <= (int)LastOp
            && (source is RankWait.NoRank or RankWait.AnyValue || (uint)source < (uint)rankCount)
            && (destination == RankWait.NoRank || (uint)destination < (uint)rankCount)
            && tag >= RankWait.AnyValue && context >= 0;
        return valid ? new WaitSnapshot(sequence, (RankWaitOp)op, source, destination, tag, context) : default;
    }
}
