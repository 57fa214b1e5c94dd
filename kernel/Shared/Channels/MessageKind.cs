namespace Hpc.Channels;

/// <summary>What a record on a rank-to-rank channel carries (its ring record op).</summary>
internal enum MessageKind : ushort
{
    /// <summary>A whole message: header and data.</summary>
    Eager = 1,
    /// <summary>The start of a message streamed in fragments: header and the first bytes.</summary>
    First = 2,
    /// <summary>The next bytes of the message being streamed on this channel (no header).</summary>
    Next = 3,
    /// <summary>Ready to send (same isle): header with the sender's address; the receiver copies the data itself.</summary>
    Rendezvous = 4,
    /// <summary>
    /// A receive matched a synchronous send (<c>Ssend</c>) that went <see cref="Eager"/> or <see cref="First"/>: such a
    /// message carries a non-zero <see cref="MessageHeader.Cookie"/> (the sender's handle, opaque to the receiver), and
    /// this record (a header only) echoes it back; the send completes when it arrives.
    /// </summary>
    Ack = 5,
}
