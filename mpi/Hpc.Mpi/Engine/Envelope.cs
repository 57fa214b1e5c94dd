namespace Hpc.Mpi.Engine;

/// <summary>
/// A message that arrived before a receive matched it: its envelope and either its bytes (eager or streamed, kept
/// here) or, for a same-isle rendezvous, where the sender keeps them. Pooled by the engine: the buffer of an eager
/// message is kept from one use to the next.
/// </summary>
internal sealed unsafe class Envelope
{
    /// <summary>Bytes kept for eager messages (grown, never shrunk, while the envelope is reused).</summary>
    private byte[] _buffer = [];

    /// <summary>World rank of the sender.</summary>
    public int Source { get; private set; }
    /// <summary>Communication context.</summary>
    public int Context { get; private set; }
    /// <summary>Tag.</summary>
    public int Tag { get; private set; }
    /// <summary>Bytes of the message.</summary>
    public long Length { get; private set; }
    /// <summary>The bytes that arrived so far (empty for a rendezvous).</summary>
    public Span<byte> Data => RendezvousSend is null ? _buffer.AsSpan(0, (int)Length) : default;
    /// <summary>Bytes of <see cref="Data"/> filled so far.</summary>
    public long Received { get; set; }
    /// <summary>Rendezvous: the sender's buffer in this process.</summary>
    public byte* RendezvousAddress { get; private set; }
    /// <summary>Rendezvous: the sender's operation, to complete.</summary>
    public SendOperation? RendezvousSend { get; private set; }
    /// <summary>A receive that matched this message while it was still streaming in; it gets it when complete.</summary>
    public ReceiveOperation? Claimant { get; set; }
    /// <summary>
    /// Non-zero for a message of a synchronous send that went eagerly or streamed: the sender's cookie, echoed back
    /// when a receive matches the message.
    /// </summary>
    public long AcknowledgementCookie { get; set; }
    /// <summary>A streamed message still arriving must be complete before a receive can take it.</summary>
    public bool IsComplete => RendezvousSend is not null || Received == Length;

    /// <summary>Starts a use for a message of <paramref name="length"/> bytes whose bytes will arrive here.</summary>
    public void Prepare(int source, int context, int tag, long length)
    {
        Source = source;
        Context = context;
        Tag = tag;
        Length = length;
        Received = 0;
        AcknowledgementCookie = 0;
        if (_buffer.Length < length)
        {
            _buffer = new byte[length];
        }
    }

    /// <summary>Makes this the envelope of a rendezvous: the bytes stay at <paramref name="address"/> until taken.</summary>
    public void PrepareRendezvous(int source, int context, int tag, long length, byte* address, SendOperation send)
    {
        Source = source;
        Context = context;
        Tag = tag;
        Length = length;
        Received = 0;
        AcknowledgementCookie = 0;
        RendezvousAddress = address;
        RendezvousSend = send;
    }

    /// <summary>Forgets the message (its buffer stays, unless it held a large streamed one).</summary>
    public void Clear()
    {
        RendezvousAddress = null;
        RendezvousSend = null;
        Claimant = null;
        if (_buffer.Length > EagerBufferLimit)
        {
            _buffer = []; // a streamed message's bytes are not kept for the next small one
        }
    }

    /// <summary>Largest buffer an envelope keeps between uses (the eager limit of the largest channel).</summary>
    private const int EagerBufferLimit = 16 * 1024;
}
