namespace Hpc.Mpi.Engine;

/// <summary>
/// A message that arrived before a receive matched it: its envelope and either its bytes (eager or streamed, kept
/// here) or, for a same-isle rendezvous, where the sender keeps them.
/// </summary>
internal sealed unsafe class Envelope
{
    /// <summary>World rank of the sender.</summary>
    public required int Source { get; init; }
    /// <summary>Communication context.</summary>
    public required int Context { get; init; }
    /// <summary>Tag.</summary>
    public required int Tag { get; init; }
    /// <summary>Bytes of the message.</summary>
    public required long Length { get; init; }
    /// <summary>The bytes that arrived so far (null for a rendezvous).</summary>
    public byte[]? Data { get; init; }
    /// <summary>Bytes of <see cref="Data"/> filled so far.</summary>
    public long Received { get; set; }
    /// <summary>Rendezvous: the sender's buffer in this process.</summary>
    public byte* RendezvousAddress { get; init; }
    /// <summary>Rendezvous: the sender's operation, to complete.</summary>
    public SendOperation? RendezvousSend { get; init; }
    /// <summary>A receive that matched this message while it was still streaming in; it gets it when complete.</summary>
    public ReceiveOperation? Claimant { get; set; }
    /// <summary>A streamed message still arriving must be complete before a receive can take it.</summary>
    public bool IsComplete => RendezvousSend is not null || Received == Length;
}
