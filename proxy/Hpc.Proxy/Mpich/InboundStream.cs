namespace Hpc.Proxy.Mpich;

/// <summary>
/// The messages of one (node, tag) in arrival order: MPI matches them in order, so they are delivered in that order
/// even when a small one completes before a large one ahead of it.
/// </summary>
internal sealed class InboundStream(int node, int tag)
{
    /// <summary>The sending node.</summary>
    public int Node { get; } = node;

    /// <summary>The tag.</summary>
    public int Tag { get; } = tag;

    /// <summary>Messages matched and not yet delivered, oldest first.</summary>
    public Queue<IncomingMessage> InOrder { get; } = new();

    /// <summary>The chunked message whose next chunks are still to be matched, if any: the next frame from this stream belongs to it.</summary>
    public IncomingMessage? Matching { get; set; }

    /// <summary>True when nothing is pending (the stream can be forgotten).</summary>
    public bool IsIdle => InOrder.Count == 0 && Matching is null;
}
