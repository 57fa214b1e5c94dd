using System.Runtime.InteropServices;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>Point-to-point messages.</summary>
public sealed partial class Comm
{
    /// <summary>
    /// A rank that is no rank (MPI_PROC_NULL): a send to it and a receive from it complete at once and move nothing,
    /// so edge ranks of a non-periodic grid can run the same code as inner ones. A receive from it reports this
    /// source, <see cref="Any.Tag"/> and 0 bytes.
    /// </summary>
    public const int ProcNull = -2;

    /// <summary>What a receive from <see cref="ProcNull"/> reports.</summary>
    private static readonly Status s_procNullStatus = new(ProcNull, Any.Tag, 0);

    /// <summary>Sends <paramref name="data"/> to <paramref name="destination"/>; returns when the buffer may be reused.</summary>
    public unsafe void Send<T>(ReadOnlySpan<T> data, int destination, int tag) where T : unmanaged
    {
        if (destination == ProcNull)
        {
            return;
        }

        int dest = WorldRank(destination, nameof(destination));
        fixed (T* pointer = data)
        {
            SendOperation send = Engine.RentSend((byte*)pointer, (long)data.Length * sizeof(T), dest, _context, SendTag(tag));
            Engine.Send(send, RankWaitOp.Send);
            Engine.Return(send);
        }
    }

    /// <summary>Sends an array.</summary>
    public void Send<T>(T[] data, int destination, int tag) where T : unmanaged => Send<T>(data.AsSpan(), destination, tag);

    /// <summary>Sends one value.</summary>
    public void Send<T>(T value, int destination, int tag) where T : unmanaged =>
        Send<T>(new ReadOnlySpan<T>(in value), destination, tag);

    /// <summary>
    /// Receives a message from <paramref name="source"/> (or <see cref="Any.Source"/>) with <paramref name="tag"/>
    /// (or <see cref="Any.Tag"/>) into <paramref name="buffer"/>.
    /// </summary>
    /// <exception cref="MessageTruncatedException">The message is longer than the buffer.</exception>
    public unsafe Status Recv<T>(Span<T> buffer, int source, int tag) where T : unmanaged
    {
        if (source == ProcNull)
        {
            return s_procNullStatus;
        }

        int from = SourceRank(source);
        fixed (T* pointer = buffer)
        {
            ReceiveOperation receive = Engine.RentReceive((byte*)pointer, (long)buffer.Length * sizeof(T), from, _context, ReceiveTag(tag));
            Engine.Receive(receive, RankWaitOp.Recv);
            return TakeStatus(receive);
        }
    }

    /// <summary>Receives one value.</summary>
    public T Recv<T>(int source, int tag) where T : unmanaged => Recv<T>(source, tag, out _);

    /// <summary>Receives one value and says where it came from.</summary>
    public T Recv<T>(int source, int tag, out Status status) where T : unmanaged
    {
        T value = default;
        status = Recv(new Span<T>(ref value), source, tag);
        return value;
    }

    /// <summary>Starts sending <paramref name="data"/>; it must not change until the request completed.</summary>
    public unsafe Request Isend<T>(ReadOnlyMemory<T> data, int destination, int tag) where T : unmanaged
    {
        if (destination == ProcNull)
        {
            return default; // inactive: complete from the start
        }

        int dest = WorldRank(destination, nameof(destination));
        long length = (long)data.Length * sizeof(T);
        SendOperation send;
        if (!Engine.MayShareAddress(dest, length, synchronous: false) && MemoryMarshal.TryGetArray(data, out ArraySegment<T> array))
        {
            // Copied by this rank only (eager, or streamed through the channel): no pin, no GCHandle.
            send = Engine.RentSend(new MessageBuffer(array.Array!, (nint)array.Offset * sizeof(T)), length, dest, _context, SendTag(tag));
        }
        else
        {
            System.Buffers.MemoryHandle pin = data.Pin();
            send = Engine.RentSend((byte*)pin.Pointer, length, dest, _context, SendTag(tag), pin);
        }

        Engine.Start(send);
        return new Request(this, send);
    }

    /// <summary>Starts receiving into <paramref name="buffer"/>; read it only after the request completed.</summary>
    public unsafe Request Irecv<T>(Memory<T> buffer, int source, int tag) where T : unmanaged
    {
        if (source == ProcNull)
        {
            return default; // inactive: complete from the start, its wait reports an empty status
        }

        int from = SourceRank(source);
        long capacity = (long)buffer.Length * sizeof(T);
        ReceiveOperation receive;
        if (MemoryMarshal.TryGetArray((ReadOnlyMemory<T>)buffer, out ArraySegment<T> array))
        {
            // Only this rank copies into a receive's buffer: no pin, no GCHandle.
            receive = Engine.RentReceive(new MessageBuffer(array.Array!, (nint)array.Offset * sizeof(T)), capacity, from, _context, ReceiveTag(tag));
        }
        else
        {
            System.Buffers.MemoryHandle pin = buffer.Pin();
            receive = Engine.RentReceive((byte*)pin.Pointer, capacity, from, _context, ReceiveTag(tag), pin);
        }

        Engine.Post(receive);
        return new Request(this, receive);
    }

    /// <summary>Sends and receives in one call, without deadlock whatever the partners do (MPI_Sendrecv).</summary>
    public unsafe Status Sendrecv<T>(ReadOnlySpan<T> send, int destination, int sendTag, Span<T> receive, int source, int receiveTag)
        where T : unmanaged
    {
        if (destination == ProcNull || source == ProcNull)
        {
            Send(send, destination, sendTag);
            return Recv(receive, source, receiveTag);
        }

        int dest = WorldRank(destination, nameof(destination));
        int from = SourceRank(source);
        fixed (T* sendPointer = send)
        fixed (T* receivePointer = receive)
        {
            ReceiveOperation incoming = Engine.RentReceive((byte*)receivePointer, (long)receive.Length * sizeof(T), from, _context, ReceiveTag(receiveTag));
            SendOperation outgoing = Engine.RentSend((byte*)sendPointer, (long)send.Length * sizeof(T), dest, _context, SendTag(sendTag));
            Engine.Exchange(outgoing, incoming, RankWaitOp.Sendrecv);
            Engine.Return(outgoing);
            return TakeStatus(incoming);
        }
    }

    /// <summary>
    /// Sends <paramref name="buffer"/> and receives into it in one call (MPI_Sendrecv_replace): the outgoing data is
    /// copied aside first (a pooled buffer), so the partners may be the same rank or exchange in a ring.
    /// </summary>
    /// <exception cref="MessageTruncatedException">The message received is longer than the buffer.</exception>
    public unsafe Status SendrecvReplace<T>(Span<T> buffer, int destination, int sendTag, int source, int receiveTag) where T : unmanaged
    {
        int bytes = checked(buffer.Length * sizeof(T));
        byte[] aside = System.Buffers.ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer).CopyTo(aside);
            ReadOnlySpan<T> outgoing = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(aside.AsSpan(0, bytes));
            return Sendrecv(outgoing, destination, sendTag, buffer, source, receiveTag);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(aside);
        }
    }

    /// <summary>Waits for a message that a receive with this source and tag would match, without receiving it.</summary>
    public Status Probe(int source, int tag)
    {
        if (source == ProcNull)
        {
            return s_procNullStatus;
        }

        while (true)
        {
            Envelope? envelope = Engine.Probe(_context, SourceRank(source), ReceiveTag(tag));
            if (envelope is not null)
            {
                return new Status(_rankOf[envelope.Source], envelope.Tag, envelope.Length);
            }

            Engine.WaitForActivity(RankWaitOp.Probe, SourceRank(source), ReceiveTag(tag), _context);
        }
    }

    /// <summary>Tells whether a matching message is there, without receiving it.</summary>
    /// <remarks>
    /// A loop of unsuccessful probes lets the other ranks of the core run now and then (MPI's progress rule), so
    /// the message a rank probes for arrives even when its sender shares the core.
    /// </remarks>
    public bool Iprobe(int source, int tag, out Status status)
    {
        if (source == ProcNull)
        {
            status = s_procNullStatus;
            return true;
        }

        Envelope? envelope = Engine.Probe(_context, SourceRank(source), ReceiveTag(tag));
        if (envelope is null)
        {
            Engine.PollFailed();
            status = default;
            return false;
        }

        Engine.PollSucceeded();
        status = new Status(_rankOf[envelope.Source], envelope.Tag, envelope.Length);
        return true;
    }
}
