using Hpc.Mpi.Engine;

namespace Hpc.Mpi;

/// <summary>Persistent requests: a send or receive made once and started many times (MPI_Send_init, MPI_Recv_init).</summary>
public sealed partial class Comm
{
    /// <summary>
    /// Makes a send of <paramref name="data"/> to <paramref name="destination"/> that <see cref="PersistentRequest.Start"/>
    /// starts (MPI_Send_init); the buffer stays pinned until the request is disposed, and is read at each start.
    /// </summary>
    public unsafe PersistentRequest SendInit<T>(ReadOnlyMemory<T> data, int destination, int tag) where T : unmanaged
    {
        int peer = destination == ProcNull ? ProcNull : CheckRankArgument(destination, nameof(destination));
        return new PersistentRequest(this, isSend: true, data.Pin(), (long)data.Length * sizeof(T), peer, SendTag(tag));
    }

    /// <summary>
    /// Makes a synchronous send (MPI_Ssend_init): as <see cref="SendInit{T}(ReadOnlyMemory{T}, int, int)"/>, but each
    /// start completes only once a receive matched it, as <see cref="Ssend{T}(ReadOnlySpan{T}, int, int)"/>.
    /// </summary>
    public unsafe PersistentRequest SsendInit<T>(ReadOnlyMemory<T> data, int destination, int tag) where T : unmanaged
    {
        int peer = destination == ProcNull ? ProcNull : CheckRankArgument(destination, nameof(destination));
        return new PersistentRequest(this, isSend: true, data.Pin(), (long)data.Length * sizeof(T), peer, SendTag(tag), synchronous: true);
    }

    /// <summary>
    /// Makes a receive into <paramref name="buffer"/> from <paramref name="source"/> (or <see cref="Any.Source"/>)
    /// that <see cref="PersistentRequest.Start"/> starts (MPI_Recv_init); the buffer stays pinned until the request
    /// is disposed.
    /// </summary>
    public unsafe PersistentRequest RecvInit<T>(Memory<T> buffer, int source, int tag) where T : unmanaged
    {
        int peer = source is ProcNull or Any.Source ? source : CheckRankArgument(source, nameof(source));
        return new PersistentRequest(this, isSend: false, buffer.Pin(), (long)buffer.Length * sizeof(T), peer, ReceiveTag(tag));
    }

    /// <summary>Starts a send (synchronous or not) of bytes kept pinned by the caller (a persistent request's start).</summary>
    internal unsafe Request StartSend(byte* data, long bytes, int destination, int tag, bool synchronous)
    {
        if (destination == ProcNull)
        {
            return default;
        }

        SendOperation send = Engine.RentSend(data, bytes, _members[destination], _context, tag);
        send.Synchronous = synchronous;
        Engine.Start(send);
        return new Request(this, send);
    }

    /// <summary>Posts a receive into bytes kept pinned by the caller (a persistent request's start).</summary>
    internal unsafe Request StartReceive(byte* buffer, long bytes, int source, int tag)
    {
        if (source == ProcNull)
        {
            return default;
        }

        ReceiveOperation receive = Engine.RentReceive(buffer, bytes, SourceRank(source), _context, tag);
        Engine.Post(receive);
        return new Request(this, receive);
    }

    /// <summary>Checks a rank argument of this communicator.</summary>
    private int CheckRankArgument(int rank, string name) =>
        (uint)rank < (uint)Size ? rank : throw new ArgumentOutOfRangeException(name, rank, $"not a rank of this communicator of {Size}");
}
