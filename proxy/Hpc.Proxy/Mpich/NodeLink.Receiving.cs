using System.Diagnostics;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// The MPI thread's receiving side: probe any source and tag, match each frame to its (node, tag) stream, receive in
/// place, deliver complete messages in stream order.
/// </summary>
internal sealed unsafe partial class NodeLink
{
    /// <summary>Inline frames up to this size are received at once with MPI_Mrecv (their bytes are already here).</summary>
    private const int ImmediateFrameLimit = 16 << 10;

    /// <summary>Takes probed messages until none is waiting (or a pass's worth); true when any was taken.</summary>
    private bool MatchArrivals()
    {
        bool any = false;
        long now = 0;
        for (int pass = 0; pass < MatchesPerPass; pass++)
        {
            int flag = 0;
            int message = MpichAbi.MessageNull;
            MpiStatus status;
            int code = MpiCalls.Improbe(MpichAbi.AnySource, MpichAbi.AnyTag, MpichAbi.CommWorld, &flag, &message, &status);
            if (code != MpichAbi.Success)
            {
                Fail(-1, $"MPI_Improbe failed: {MpiCalls.ErrorText(code)}");
                return true;
            }

            if (flag == 0)
            {
                break;
            }

            if (!any)
            {
                now = Stopwatch.GetTimestamp();
                any = true;
            }

            int count;
            MpiCalls.Check(MpiCalls.GetCount(&status, MpichAbi.Byte, &count), "MPI_Get_count");
            int node = status.Source;
            _lastHeard[node] = now;
            if (!TakeFrame(node, status.Tag, count, &message))
            {
                return true;
            }
        }

        return any;
    }

    /// <summary>Receives or starts receiving one matched frame; false when the link failed.</summary>
    private bool TakeFrame(int node, int tag, int count, int* message)
    {
        if (tag == _heartbeatTag || tag == _goodbyeTag)
        {
            _departed[node] |= tag == _goodbyeTag;
            return Receive(node, message, null, 0) && (count == 0 || Broken(node, $"sent a control message of {count} bytes"));
        }

        _ = _streams.TryGetValue(Key(node, tag), out InboundStream? pending);
        if (pending?.Matching is { } chunked)
        {
            return TakeChunk(chunked, count, message);
        }

        if (count < FrameHeader.Size)
        {
            return Broken(node, $"sent a {count}-byte frame on tag {tag}, shorter than a header");
        }

        if (count <= ImmediateFrameLimit && pending is null && _options.OnInline is not null)
        {
            return TakeSmallFrame(node, tag, count, message);
        }

        InboundStream stream = pending ?? StreamOf(node, tag);

        if (count > ImmediateFrameLimit)
        {
            var inline = IncomingMessage.Inline(stream, count, RentInlineFrame(count));
            stream.InOrder.Enqueue(inline);
            int request;
            int code = MpiCalls.Imrecv(inline.Pointer(0), count, MpichAbi.Byte, message, &request);
            if (code != MpichAbi.Success)
            {
                Fail(node, $"MPI_Imrecv failed: {MpiCalls.ErrorText(code)}");
                return false;
            }

            _requests.Add(request, new PendingRequest(RequestKind.ReceiveFrame, node, count, inline));

            _transfers++;
            return true;
        }

        // A header alone or a small inline message: its bytes are already here, so Mrecv returns at once.
        byte[] frame = new byte[count];
        fixed (byte* bytes = frame)
        {
            if (!Receive(node, message, bytes, count))
            {
                return false;
            }
        }

        return TakeHeader(stream, frame, count);
    }

    /// <summary>A received small frame: a whole inline message (queued in order) or the header of a chunked one.</summary>
    private bool TakeHeader(InboundStream stream, byte[] frame, int count)
    {
        int node = stream.Node;
        int tag = stream.Tag;
        if (!FrameHeader.TryRead(frame, MaxMessageLength, out int length, out int chunkShift))
        {
            return Broken(node, $"sent a malformed header on tag {tag}");
        }

        if (chunkShift == 0)
        {
            if (length != count - FrameHeader.Size)
            {
                return Broken(node, $"announced {length} bytes inline on tag {tag} but sent {count - FrameHeader.Size}");
            }

            stream.InOrder.Enqueue(IncomingMessage.Received(stream, frame, FrameHeader.Size, length));
            Deliver(stream);
            return true;
        }

        if (count != FrameHeader.Size || length == 0)
        {
            return Broken(node, $"sent a chunked header of {count} bytes for {length} bytes on tag {tag}");
        }

        Memory<byte> destination = _options.ReceiveBuffer?.Invoke(node, tag, length) ?? default;
        if (!destination.IsEmpty && destination.Length != length)
        {
            Fail(node, $"ReceiveBuffer gave {destination.Length} bytes for a {length}-byte message on tag {tag}");
            return false;
        }

        var incoming = IncomingMessage.Chunked(stream, length, chunkShift, destination);
        stream.InOrder.Enqueue(incoming);
        stream.Matching = incoming;
        return PostChunkReceives(stream);
    }

    /// <summary>
    /// A small frame of a stream with nothing pending: received into the reused buffer and, when it is a whole inline
    /// message the owner takes (<see cref="OfferInline"/>), finished without a new array or stream.
    /// </summary>
    private bool TakeSmallFrame(int node, int tag, int count, int* message)
    {
        fixed (byte* bytes = _smallFrame)
        {
            if (!Receive(node, message, bytes, count))
            {
                return false;
            }
        }

        ReadOnlySpan<byte> frame = _smallFrame.AsSpan(0, count);
        if (!FrameHeader.TryRead(frame, MaxMessageLength, out int length, out int chunkShift))
        {
            return Broken(node, $"sent a malformed header on tag {tag}");
        }

        if (chunkShift == 0 && length != count - FrameHeader.Size)
        {
            return Broken(node, $"announced {length} bytes inline on tag {tag} but sent {count - FrameHeader.Size}");
        }

        if (chunkShift == 0 && OfferInline(node, tag, frame[FrameHeader.Size..]))
        {
            return true;
        }

        return TakeHeader(StreamOf(node, tag), frame.ToArray(), count);
    }

    /// <summary>A probed frame that is the next chunk of <paramref name="incoming"/>: receive it in place.</summary>
    private bool TakeChunk(IncomingMessage incoming, int count, int* message)
    {
        InboundStream stream = incoming.Stream;
        int index = incoming.ChunksMatched;
        int expected = incoming.ChunkLength(index);
        if (count != expected)
        {
            return Broken(stream.Node, $"sent {count} bytes as chunk {index} on tag {stream.Tag}, {expected} were due");
        }

        int request;
        int code = MpiCalls.Imrecv(incoming.Pointer(index), count, MpichAbi.Byte, message, &request);
        if (code != MpichAbi.Success)
        {
            Fail(stream.Node, $"MPI_Imrecv failed: {MpiCalls.ErrorText(code)}");
            return false;
        }

        _requests.Add(request, new PendingRequest(RequestKind.ReceiveFrame, stream.Node, count, incoming));

        _transfers++;
        incoming.ChunksMatched++;
        if (incoming.ChunksMatched == incoming.ReceiveCount)
        {
            stream.Matching = null;
        }

        return true;
    }

    /// <summary>
    /// Posts receives for the next chunks of the stream's chunked message, a few ahead, so they land in place as
    /// they come; MPI matches posted receives before a probe sees the frames.
    /// </summary>
    private bool PostChunkReceives(InboundStream stream)
    {
        IncomingMessage? incoming = stream.Matching;
        while (incoming is not null
            && incoming.ChunksMatched < incoming.ReceiveCount
            && incoming.ChunksMatched - incoming.ReceivesDone < _options.ChunksInFlight)
        {
            int index = incoming.ChunksMatched;
            int length = incoming.ChunkLength(index);
            int request;
            int code = MpiCalls.Irecv(incoming.Pointer(index), length, MpichAbi.Byte, stream.Node, stream.Tag, MpichAbi.CommWorld, &request);
            if (code != MpichAbi.Success)
            {
                Fail(stream.Node, $"MPI_Irecv failed: {MpiCalls.ErrorText(code)}");
                return false;
            }

            _requests.Add(request, new PendingRequest(RequestKind.ReceiveFrame, stream.Node, length, incoming));

            _transfers++;
            incoming.ChunksMatched++;
        }

        if (incoming is not null && incoming.ChunksMatched == incoming.ReceiveCount)
        {
            stream.Matching = null;
        }

        return true;
    }

    /// <summary>An inline frame or a chunk arrived: check it, post further chunks, deliver what is complete.</summary>
    private void ReceiveFrameCompleted(PendingRequest request, MpiStatus status)
    {
        var incoming = (IncomingMessage)request.Owner!;
        InboundStream stream = incoming.Stream;
        _transfers--;
        int count;
        MpiCalls.Check(MpiCalls.GetCount(&status, MpichAbi.Byte, &count), "MPI_Get_count");
        if (count != request.Bytes)
        {
            _ = Broken(stream.Node, $"sent {count} bytes on tag {stream.Tag} where {request.Bytes} were due");
            return;
        }

        _lastHeard[stream.Node] = Stopwatch.GetTimestamp();
        if (incoming.ChunkShift == 0)
        {
            if (!FrameHeader.TryRead(incoming.Frame.Span, MaxMessageLength, out int length, out int shift)
                || shift != 0 || length != incoming.Length)
            {
                _ = Broken(stream.Node, $"sent a malformed inline frame on tag {stream.Tag}");
                return;
            }
        }

        incoming.ReceivesDone++;
        if (stream.Matching == incoming && !PostChunkReceives(stream))
        {
            return;
        }

        Deliver(stream);
    }

    /// <summary>Queues the stream's complete messages from its head, in order; forgets the stream when idle.</summary>
    private void Deliver(InboundStream stream)
    {
        while (stream.InOrder.TryPeek(out IncomingMessage? head) && head.Complete)
        {
            _ = stream.InOrder.Dequeue();
            head.Release();
            if (head.Length <= _options.InlineLimit && OfferInline(stream.Node, stream.Tag, head.Payload.Span))
            {
                ReturnInlineFrame(head.PooledFrame);
                continue;
            }

            // Queued: the payload now belongs to whoever takes it, so its buffer leaves the pool.

            _arrived.Enqueue(new NodeMessage(stream.Node, stream.Tag, head.Payload));
            _delivered = true;
        }

        if (stream.IsIdle)
        {
            _ = _streams.Remove(Key(stream.Node, stream.Tag));
        }
    }

    /// <summary>The stream of (node, tag), created on first use.</summary>
    private InboundStream StreamOf(int node, int tag)
    {
        long key = Key(node, tag);
        if (!_streams.TryGetValue(key, out InboundStream? stream))
        {
            stream = new InboundStream(node, tag);
            _streams.Add(key, stream);
        }

        return stream;
    }

    /// <summary>MPI_Mrecv of a probed message into <paramref name="buffer"/>; false (link failed) on error.</summary>
    private bool Receive(int node, int* message, byte* buffer, int count)
    {
        int code = MpiCalls.Mrecv(buffer, count, MpichAbi.Byte, message, MpichAbi.StatusIgnore);
        if (code != MpichAbi.Success)
        {
            Fail(node, $"MPI_Mrecv failed: {MpiCalls.ErrorText(code)}");
            return false;
        }

        return true;
    }

    /// <summary>Fails the link for a peer that broke the framing; always false.</summary>
    private bool Broken(int node, string what)
    {
        Fail(node, what);
        return false;
    }

    /// <summary>The dictionary key of (node, tag).</summary>
    private static long Key(int node, int tag) => ((long)node << 32) | (uint)tag;
}
