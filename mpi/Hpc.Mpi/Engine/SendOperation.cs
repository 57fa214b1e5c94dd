using System.Buffers;
using System.Runtime.InteropServices;

namespace Hpc.Mpi.Engine;

/// <summary>A send in flight: the data (pinned), its envelope, how far it has been streamed, and whether it is done.</summary>
internal sealed unsafe class SendOperation : MessageOperation
{
    /// <summary>A handle to this object for a same-isle receiver (the rendezvous cookie); made on first need, kept for every use.</summary>
    private GCHandle _cookie;

    /// <summary>Creates a send of <paramref name="length"/> bytes at <paramref name="data"/> (pinned by the caller or by <paramref name="pin"/>).</summary>
    public SendOperation(MessageBuffer data, long length, int destination, int context, int tag, MemoryHandle pin = default) =>
        Prepare(data, length, destination, context, tag, pin);

    /// <summary>The bytes to send.</summary>
    public MessageBuffer Data { get; private set; }
    /// <summary>Bytes to send.</summary>
    public long Length { get; private set; }
    /// <summary>World rank of the receiver.</summary>
    public int Destination { get; private set; }
    /// <summary>Communication context.</summary>
    public int Context { get; private set; }
    /// <summary>Tag.</summary>
    public int Tag { get; private set; }
    /// <summary>Bytes already streamed (fragmented sends).</summary>
    public long Sent { get; set; }
    /// <summary>True once the envelope has been posted.</summary>
    public bool Started { get; set; }
    /// <summary>
    /// A synchronous send (MPI_Ssend): it completes only once a receive matched it, not when its bytes are buffered.
    /// Set by the caller between renting and starting.
    /// </summary>
    public bool Synchronous { get; set; }
    /// <summary>A synchronous send whose receiver said it matched (an <see cref="Hpc.Channels.MessageKind.Ack"/> came back).</summary>
    public bool Acknowledged { get; set; }
    /// <summary>
    /// Non-zero for no send of the caller's but the engine's acknowledgement of a synchronous send it received: the
    /// cookie to echo to <see cref="Destination"/>. The engine gives it back to the pool once pushed.
    /// </summary>
    public long AcknowledgementOf { get; set; }

    /// <summary>The rendezvous cookie: a receiver of this process turns it back into this object to complete it.</summary>
    public nint Cookie
    {
        get
        {
            if (!_cookie.IsAllocated)
            {
                _cookie = GCHandle.Alloc(this);
            }

            return GCHandle.ToIntPtr(_cookie);
        }
    }

    /// <summary>The send a <see cref="Cookie"/> stands for.</summary>
    public static SendOperation FromCookie(long cookie) => (SendOperation)GCHandle.FromIntPtr((nint)cookie).Target!;

    /// <summary>Starts a use of the object for a new send.</summary>
    public void Prepare(MessageBuffer data, long length, int destination, int context, int tag, MemoryHandle pin)
    {
        Begin(pin);
        Data = data;
        Length = length;
        Destination = destination;
        Context = context;
        Tag = tag;
        Sent = 0;
        Started = false;
        Synchronous = false;
        Acknowledged = false;
        AcknowledgementOf = 0;
    }
}
