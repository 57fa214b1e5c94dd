using Hpc.Isles;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Mpi.Engine;

/// <summary>
/// How a rank waits: first it polls the channel it expects a message on (no other rank needs its core), then it
/// listens. Senders ring a receiver's doorbell only while it listens (its flag beside the doorbell), so a message to
/// a polling receiver costs the sender no ring and the receiver no trip through the scheduler: it sees the channel's
/// tail move and reads the record.
/// </summary>
/// <remarks>
/// The flag is a Dekker pair with the channel's tail. The receiver sets the flag with a full fence and then looks
/// at every channel; the sender publishes the tail with a full fence (<see cref="RingWriter.Commit"/>) and then reads
/// the flag. So either the receiver's look finds the message, or the sender sees the flag and rings.
/// </remarks>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>
    /// Unsuccessful polls before a rank alone on its core stops polling and listens (≈ 50 µs at ≈ 40 ns a poll):
    /// long enough to cover a partner's reply in any message exchange, short enough that a rank blocked for good
    /// soon publishes its wait (the proxy's deadlock report) and lets an idle core sleep (<c>Park</c>).
    /// </summary>
    private const int PollsBeforeWaiting = 1024;

    /// <summary>Polls between two looks at every channel while polling for one source's message.</summary>
    private const int PollsPerFullLook = 64;

    /// <summary>The doorbell value read just before the rank last started listening.</summary>
    private int _listenedAt;

    /// <summary>
    /// One poll for <paramref name="operation"/>: a receive from a known source looks at that channel only (and at
    /// every channel once in <see cref="PollsPerFullLook"/> polls, so that no sender waits for room behind it);
    /// anything else progresses everything. True when anything moved.
    /// </summary>
    private bool Poll(MessageOperation operation, int polls)
    {
        if (operation is ReceiveOperation { Source: >= 0 } receive && polls % PollsPerFullLook != 0)
        {
            return Drain(receive.Source) | (_pendingCount > 0 && PushPending());
        }

        return Progress();
    }

    /// <summary>
    /// Starts listening and looks once more at every channel; true when that moved something or completed
    /// <paramref name="operation"/> (the rank then need not wait). Followed by <see cref="StopListening"/>.
    /// </summary>
    private bool ListenAndCheck(MessageOperation? operation)
    {
        // The doorbell first: a ring after this read, however early, makes the wait return.
        _listenedAt = Volatile.Read(ref *_doorbell);
        Interlocked.Exchange(ref *_listening, 1);
        return Progress() || operation is { IsComplete: true };
    }

    /// <summary>
    /// Waits (polling, then listening, progressing messages meanwhile) while <paramref name="word"/>, shared with
    /// other ranks of this isle, holds <paramref name="value"/>. Whoever changes it writes it with a full fence and
    /// then calls <see cref="Wake"/>; blocked, the rank says it waits in <paramref name="op"/> for the rank
    /// <paramref name="awaited"/> names.
    /// </summary>
    public void WaitWhile(ref int word, int value, RankWaitOp op, int context, Func<int> awaited)
    {
        int polls = 0;
        while (Volatile.Read(ref word) == value)
        {
            if (Progress())
            {
                continue;
            }

            if (++polls < PollsBeforeWaiting && RankWaiting.MayPoll(_doorbell))
            {
                Thread.SpinWait(1);
                continue;
            }

            polls = 0;
            _listenedAt = Volatile.Read(ref *_doorbell);
            Interlocked.Exchange(ref *_listening, 1);
            if (!Progress() && Volatile.Read(ref word) == value)
            {
                PublishWait(op, awaited(), RankWait.NoRank, RankWait.AnyValue, context);
                RankWaiting.Wait(_doorbell, _listenedAt);
                ClearWait();
            }

            StopListening();
        }
    }

    /// <summary>
    /// Tells <paramref name="rank"/> (of this isle) that a word it waits on in <see cref="WaitWhile"/> changed: rings
    /// it if it listens. The caller wrote the word with a full fence.
    /// </summary>
    public void Wake(int rank) => Notify(rank);

    /// <summary>The rank runs and polls again: senders need not ring it.</summary>
    private void StopListening() => Volatile.Write(ref *_listening, 0);
}
