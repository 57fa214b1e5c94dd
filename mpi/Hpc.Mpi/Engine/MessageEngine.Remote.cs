namespace Hpc.Mpi.Engine;

/// <summary>
/// How a rank waits on a rank of another node: its message comes through this node's link thread, which may share
/// the rank's cpu. A rank that blocked would poll in its core's scheduler, which never gives the thread up, so the
/// link would run only when Linux preempts the rank (a scheduler slice, milliseconds). Instead the rank keeps polling
/// for a while and yields its thread after each unsuccessful poll from the first one, as MPICH's blocking waits do:
/// the link runs at once. (Spinning first, as for a local peer, held the link off the cpu for the spin: 8 B latency
/// between two nodes of one cpu each was 166 µs with 1,024 spins first, 25 µs without.)
/// </summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>
    /// Unsuccessful polls, each followed by a yield of the thread (≈ 1 µs when nothing else wants the cpu), before a
    /// rank that waits on another node blocks as any rank does (publishing its wait): ≈ 20 ms.
    /// </summary>
    private const int RemotePollsBeforeWaiting = 16 * 1024;

    /// <summary>True when <paramref name="operation"/> waits on a rank of another node (or any rank, some being remote).</summary>
    private bool AwaitsRemote(MessageOperation operation) => operation switch
    {
        ReceiveOperation receive => receive.Source >= 0
            ? receive.Source < _size && _remote[receive.Source]
            : Array.IndexOf(_remote, true) >= 0,
        SendOperation send => send.Destination >= 0 && send.Destination < _size && _remote[send.Destination],
        _ => false,
    };
}
