namespace Hpc.Proxy.Mpich;

/// <summary>
/// The allocation-free path of small messages: sends from the MPI thread's own hooks go out of reused pinned frames
/// straight into the peer's outbox, and (see <see cref="NodeLinkOptions.OnInline"/>) small arrivals are handed to the
/// owner from a reused receive buffer instead of a new array per message.
/// </summary>
internal sealed unsafe partial class NodeLink
{
    /// <summary>Pooled inline messages kept at most; more in flight at once are allocated and dropped when sent.</summary>
    private const int PoolLimit = 256;

    /// <summary>Pooled large frames kept at most (each holds <see cref="NodeLinkOptions.InlineLimit"/> bytes).</summary>
    private const int LargePoolLimit = 16;

    /// <summary>Payload bytes of a small pooled frame: small messages do not pin a large frame each.</summary>
    private const int SmallFrameCapacity = ImmediateFrameLimit - FrameHeader.Size;

    /// <summary>Sent pooled inline messages of the small size, ready for reuse (MPI thread only).</summary>
    private readonly Stack<OutgoingMessage> _inlinePool = new();

    /// <summary>Sent pooled inline messages of the inline limit's size, ready for reuse (MPI thread only).</summary>
    private readonly Stack<OutgoingMessage> _largeInlinePool = new();

    /// <summary>Where small probed frames are received (pinned, reused; MPI thread only).</summary>
    private readonly byte[] _smallFrame = GC.AllocateUninitializedArray<byte>(ImmediateFrameLimit, pinned: true);

    /// <summary>Reused pinned buffers for inline frames too large for <see cref="_smallFrame"/> (MPI thread only).</summary>
    private readonly Stack<byte[]> _inlineFramePool = new();

    /// <summary>True on the link's MPI thread, where the hooks run.</summary>
    public bool OnLinkThread => Thread.CurrentThread == _thread;

    /// <summary>
    /// Sends <paramref name="message"/> (copied before returning) like <see cref="Send"/>. Called from a hook on the
    /// MPI thread, a message up to <see cref="NodeLinkOptions.InlineLimit"/> bytes goes through a reused frame
    /// and costs no allocation; from any other thread, or when larger, it is copied into a new array and submitted.
    /// </summary>
    public void SendCopy(int node, int tag, ReadOnlySpan<byte> message)
    {
        if (!OnLinkThread || message.Length > _options.InlineLimit)
        {
            Send(node, tag, message.ToArray());
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, NodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(tag);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, MaxTag);
        if (_failure is { } failure)
        {
            ThrowFailed(failure);
        }

        // Messages other threads submitted first stay first (order per (node, tag)).
        _ = TakeSubmitted();
        bool small = message.Length <= SmallFrameCapacity;
        Stack<OutgoingMessage> pool = small ? _inlinePool : _largeInlinePool;
        OutgoingMessage pooled = pool.TryPop(out OutgoingMessage? reused)
            ? reused
            : OutgoingMessage.Pooled(small ? SmallFrameCapacity : _options.InlineLimit);
        pooled.Refill(node, tag, message);
        _outboxes[node].Waiting.Enqueue(pooled);
    }

    /// <summary>Takes a sent pooled message back (MPI thread).</summary>
    private void Recycle(OutgoingMessage message)
    {
        if (!message.IsPooled)
        {
            return;
        }

        if (message.Capacity <= SmallFrameCapacity && _inlinePool.Count < PoolLimit)
        {
            _inlinePool.Push(message);
        }
        else if (message.Capacity > SmallFrameCapacity && _largeInlinePool.Count < LargePoolLimit)
        {
            _largeInlinePool.Push(message);
        }
    }

    /// <summary>
    /// A pooled buffer for an inline frame of <paramref name="frameLength"/> bytes when the owner takes inline
    /// messages (the buffer comes back once it did); null (a new array) otherwise.
    /// </summary>
    private byte[]? RentInlineFrame(int frameLength)
    {
        if (_options.OnInline is null || frameLength > FrameHeader.Size + _options.InlineLimit)
        {
            return null;
        }

        return _inlineFramePool.TryPop(out byte[]? frame)
            ? frame
            : GC.AllocateUninitializedArray<byte>(FrameHeader.Size + _options.InlineLimit, pinned: true);
    }

    /// <summary>Takes back a buffer from <see cref="RentInlineFrame"/> whose message the owner took.</summary>
    private void ReturnInlineFrame(byte[]? frame)
    {
        if (frame is not null && _inlineFramePool.Count < LargePoolLimit)
        {
            _inlineFramePool.Push(frame);
        }
    }

    /// <summary>
    /// Offers a complete inline payload of (node, tag) to <see cref="NodeLinkOptions.OnInline"/> when nothing of its
    /// stream waits ahead of it; true when the owner took it (it must not be queued then).
    /// </summary>
    private bool OfferInline(int node, int tag, ReadOnlySpan<byte> payload) =>
        _options.OnInline is { } sink && _arrived.IsEmpty && sink(node, tag, payload);
}
