using System.Runtime.InteropServices;

namespace Hpc.Channels;

/// <summary>
/// The envelope in front of every record on a rank-to-rank channel (the ring record's op is a
/// <see cref="MessageKind"/>). The source is implied by the channel; context and tag are MPI's matching fields.
/// 24 bytes: with the ring record's 24, a message of up to 16 bytes travels in one cache line. A rendezvous record
/// carries the sender's buffer address as its only data, after the envelope.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MessageHeader
{
    /// <summary>Communication context: one per communicator and per use (point-to-point or collectives).</summary>
    public int Context;
    /// <summary>The message tag.</summary>
    public int Tag;
    /// <summary>Total bytes of the message (all fragments).</summary>
    public long Length;
    /// <summary>Rendezvous: a handle to the sender's pending send, to complete it. Zero otherwise.</summary>
    public long Cookie;
}
