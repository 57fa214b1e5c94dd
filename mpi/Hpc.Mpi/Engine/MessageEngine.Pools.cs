using System.Buffers;

namespace Hpc.Mpi.Engine;

/// <summary>
/// The engine's free operations and envelopes: every send, receive and unexpected message takes one and gives it
/// back when done, so a steady stream of messages allocates nothing. Used by the rank's own thread only.
/// </summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>Sends done with.</summary>
    private readonly Stack<SendOperation> _freeSends = new();
    /// <summary>Receives done with.</summary>
    private readonly Stack<ReceiveOperation> _freeReceives = new();
    /// <summary>Envelopes done with, each keeping its eager-sized buffer.</summary>
    private readonly Stack<Envelope> _freeEnvelopes = new();

    /// <summary>A send of <paramref name="length"/> bytes at <paramref name="data"/> (fixed until it completes), from the pool.</summary>
    public SendOperation RentSend(byte* data, long length, int destination, int context, int tag, MemoryHandle pin = default) =>
        RentSend(new MessageBuffer(data), length, destination, context, tag, pin);

    /// <summary>A send of <paramref name="length"/> bytes from <paramref name="data"/>, from the pool.</summary>
    public SendOperation RentSend(MessageBuffer data, long length, int destination, int context, int tag, MemoryHandle pin = default)
    {
        if (!_freeSends.TryPop(out SendOperation? send))
        {
            return new SendOperation(data, length, destination, context, tag, pin);
        }

        send.Prepare(data, length, destination, context, tag, pin);
        return send;
    }

    /// <summary>A receive into <paramref name="buffer"/> (fixed until it completes) of <paramref name="capacity"/> bytes, from the pool.</summary>
    public ReceiveOperation RentReceive(byte* buffer, long capacity, int source, int context, int tag, MemoryHandle pin = default) =>
        RentReceive(new MessageBuffer(buffer), capacity, source, context, tag, pin);

    /// <summary>A receive into <paramref name="buffer"/> of <paramref name="capacity"/> bytes, from the pool.</summary>
    public ReceiveOperation RentReceive(MessageBuffer buffer, long capacity, int source, int context, int tag, MemoryHandle pin = default)
    {
        if (!_freeReceives.TryPop(out ReceiveOperation? receive))
        {
            return new ReceiveOperation(buffer, capacity, source, context, tag, pin);
        }

        receive.Prepare(buffer, capacity, source, context, tag, pin);
        return receive;
    }

    /// <summary>Gives back a completed operation; handles to it now see a later generation.</summary>
    public void Return(MessageOperation operation)
    {
        operation.Retire();
        switch (operation)
        {
            case SendOperation send:
                _freeSends.Push(send);
                break;
            case ReceiveOperation receive:
                _freeReceives.Push(receive);
                break;
        }
    }

    /// <summary>An envelope for an unexpected message, from the pool.</summary>
    private Envelope RentEnvelope(int source, int context, int tag, long length)
    {
        Envelope envelope = _freeEnvelopes.TryPop(out Envelope? free) ? free : new Envelope();
        envelope.Prepare(source, context, tag, length);
        return envelope;
    }

    /// <summary>Gives back an envelope whose message a receive took.</summary>
    private void Return(Envelope envelope)
    {
        envelope.Clear();
        _freeEnvelopes.Push(envelope);
    }
}
