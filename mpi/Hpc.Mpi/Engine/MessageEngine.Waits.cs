using Hpc.Segment;

namespace Hpc.Mpi.Engine;

/// <summary>
/// Publishing what the rank is blocked in, for the proxy's deadlock report. Only the slow path pays: the record is
/// written just before the rank gives its core away (a handful of plain stores on its own rank-table line) and
/// cleared when it wakes, before it drains anything.
/// </summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>This rank's wait record in the segment.</summary>
    private readonly RankWait* _wait;
    /// <summary>Waits published so far (the record's sequence; kept here so the rank never reads its shared line).</summary>
    private int _waitSequence;

    /// <summary>Publishes that the rank is about to block in <paramref name="op"/> for <paramref name="operation"/>.</summary>
    private void PublishWait(RankWaitOp op, MessageOperation operation)
    {
        switch (operation)
        {
            case ReceiveOperation receive:
                PublishWait(op, receive.Source, RankWait.NoRank, receive.Tag, receive.Context);
                break;
            case SendOperation send:
                PublishWait(op, RankWait.NoRank, send.Destination, send.Tag, send.Context);
                break;
            case CollectiveOperation { Pending: { } pending }:
                // A non-blocking collective waits for one of its own transfers: the report names that one.
                PublishWait(op, pending);
                break;
        }
    }

    /// <summary>Publishes that the rank is about to block in <paramref name="op"/>.</summary>
    private void PublishWait(RankWaitOp op, int source, int destination, int tag, int context)
    {
        RankWait* wait = _wait;
        wait->Source = source;
        wait->Destination = destination;
        wait->Tag = tag;
        wait->Context = context;
        wait->Op = (int)op;
        // Last and ordered after the rest (a plain store on x86): a reader that sees the new sequence sees the record.
        Volatile.Write(ref wait->Sequence, ++_waitSequence);
    }

    /// <summary>
    /// The rank woke: it is no longer waiting. Ordered before anything the rank then consumes from a channel (whose
    /// head it publishes with a fence), so the proxy never pairs this wait with a channel drained after it.
    /// </summary>
    private void ClearWait() => Volatile.Write(ref _wait->Op, (int)RankWaitOp.None);
}
