using System.Buffers;

namespace Hpc.Mpi.Engine;

/// <summary>A send in flight: the data (pinned), its envelope, how far it has been streamed, and whether it is done.</summary>
internal sealed unsafe class SendOperation : MessageOperation
{
    /// <summary>Creates a send of <paramref name="length"/> bytes at <paramref name="data"/> (pinned by the caller or by <paramref name="pin"/>).</summary>
    public SendOperation(byte* data, long length, int destination, int context, int tag, MemoryHandle pin = default)
        : base(pin)
    {
        Data = data;
        Length = length;
        Destination = destination;
        Context = context;
        Tag = tag;
    }

    /// <summary>The bytes to send.</summary>
    public byte* Data { get; }
    /// <summary>Bytes to send.</summary>
    public long Length { get; }
    /// <summary>World rank of the receiver.</summary>
    public int Destination { get; }
    /// <summary>Communication context.</summary>
    public int Context { get; }
    /// <summary>Tag.</summary>
    public int Tag { get; }
    /// <summary>Bytes already streamed (fragmented sends).</summary>
    public long Sent { get; set; }
    /// <summary>True once the envelope has been posted.</summary>
    public bool Started { get; set; }
}
