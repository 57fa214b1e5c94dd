using System.Runtime.InteropServices;

namespace Hpc.Channels;

/// <summary>
/// The envelope in front of every record on a rank-to-rank channel (the ring record's op is a
/// <see cref="MessageKind"/>). The source is implied by the channel; context and tag are MPI's matching fields.
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
    /// <summary>
    /// Rendezvous: the sender's buffer address, valid in the sender's process only (same isle). Zero otherwise.
    /// </summary>
    public long Address;
    /// <summary>Rendezvous: a handle to the sender's pending send, to complete it. Zero otherwise.</summary>
    public long Cookie;
}
