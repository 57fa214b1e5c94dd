using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>Synchronous sends: complete only once the matching receive has started (MPI_Ssend, MPI_Issend).</summary>
public sealed partial class Comm
{
    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="destination"/> and returns only once a receive there matched
    /// it (MPI_Ssend), whatever the message's size: unlike <see cref="Send{T}(ReadOnlySpan{T}, int, int)"/>, it never
    /// returns on the strength of the message being buffered. A send to <see cref="ProcNull"/> returns at once.
    /// </summary>
    /// <example>
    /// <code>
    /// if (world.Rank == 0) world.Ssend&lt;double&gt;(row, 1, tag: 7); // returns once rank 1's Recv took it
    /// else world.Recv&lt;double&gt;(row, 0, 7);
    /// </code>
    /// </example>
    public unsafe void Ssend<T>(ReadOnlySpan<T> data, int destination, int tag) where T : unmanaged
    {
        if (destination == ProcNull)
        {
            return;
        }

        int dest = WorldRank(destination, nameof(destination));
        fixed (T* pointer = data)
        {
            SendOperation send = Engine.RentSend((byte*)pointer, (long)data.Length * sizeof(T), dest, _context, SendTag(tag));
            send.Synchronous = true;
            Engine.Send(send, RankWaitOp.Send);
            Engine.Return(send);
        }
    }

    /// <summary>Sends one value synchronously (see <see cref="Ssend{T}(ReadOnlySpan{T}, int, int)"/>).</summary>
    public void Ssend<T>(T value, int destination, int tag) where T : unmanaged =>
        Ssend<T>(new ReadOnlySpan<T>(in value), destination, tag);

    /// <summary>
    /// Starts a synchronous send (MPI_Issend): the request completes only once a receive at
    /// <paramref name="destination"/> matched the message, so a completed request also says the partner reached its
    /// receive. <paramref name="data"/> must not change until then. To <see cref="ProcNull"/>, the request is inactive.
    /// </summary>
    public unsafe Request Issend<T>(ReadOnlyMemory<T> data, int destination, int tag) where T : unmanaged
    {
        if (destination == ProcNull)
        {
            return default;
        }

        int dest = WorldRank(destination, nameof(destination));
        System.Buffers.MemoryHandle pin = data.Pin();
        SendOperation send = Engine.RentSend((byte*)pin.Pointer, (long)data.Length * sizeof(T), dest, _context, SendTag(tag), pin);
        send.Synchronous = true;
        Engine.Start(send);
        return new Request(this, send);
    }
}
