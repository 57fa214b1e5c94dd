namespace Hpc.Proxy.Multinode;

/// <summary>
/// What the <see cref="RemoteRouter"/> needs from the link between per-node proxies (MPICH's NodeLink in
/// production): ordered messages per sending node, sent without blocking.
/// </summary>
internal interface INodeTransport
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="node"/>; copied before the call returns.</summary>
    void Send(int node, ReadOnlySpan<byte> message);

    /// <summary>Takes the next message that arrived, in order per sending node; false when none is there.</summary>
    bool TryReceive(out int node, out Memory<byte> message);

    /// <summary>
    /// True when something may have arrived since <see cref="TryReceive"/> last found nothing (checked before the
    /// proxy sleeps, so an arrival between its last look and its sleep is not missed).
    /// </summary>
    bool HasArrivals { get; }
}
