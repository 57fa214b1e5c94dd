using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// A message on its way out: built on the caller's thread (small payloads copied behind their header at once), then
/// posted frame by frame by the MPI thread. Frame 0 is the header (with the payload when inline); frames 1.. are the
/// payload's chunks, read in place from the caller's memory, which stays pinned until the last frame completes.
/// An inline message may be pooled by the MPI thread (<see cref="Pooled"/>, <see cref="Refill"/>): its pinned frame
/// is then reused for message after message, so a small send costs no allocation.
/// </summary>
internal sealed unsafe class OutgoingMessage
{
    /// <summary>The header frame, with the payload behind it when inline; allocated pinned (its capacity when pooled).</summary>
    private readonly byte[] _firstFrame;

    /// <summary>The caller's payload, read in place when chunked.</summary>
    private readonly ReadOnlyMemory<byte> _payload;

    /// <summary>log2 of the chunk size; 0 when inline.</summary>
    private readonly int _chunkShift;

    /// <summary>Bytes of <see cref="_firstFrame"/> that are the frame.</summary>
    private int _firstFrameLength;

    /// <summary>Pins the payload while chunks are in flight.</summary>
    private MemoryHandle _payloadPin;

    /// <summary>Frames posted so far.</summary>
    private int _framesPosted;

    /// <summary>Frames completed so far.</summary>
    private int _framesDone;

    /// <summary>Builds the message; payloads up to <paramref name="inlineLimit"/> bytes are copied now.</summary>
    public OutgoingMessage(int node, int tag, ReadOnlyMemory<byte> payload, Action? onSent, int inlineLimit, int chunkShift)
    {
        Node = node;
        Tag = tag;
        OnSent = onSent;
        bool chunked = payload.Length > inlineLimit;
        _chunkShift = chunked ? chunkShift : 0;
        int chunkSize = 1 << chunkShift;
        int chunks = chunked ? (int)(((long)payload.Length + chunkSize - 1) >> chunkShift) : 0;
        FrameCount = 1 + chunks;
        _firstFrame = GC.AllocateUninitializedArray<byte>(FrameHeader.Size + (chunked ? 0 : payload.Length), pinned: true);
        _firstFrameLength = _firstFrame.Length;
        FrameHeader.Write(_firstFrame, payload.Length, _chunkShift);
        if (chunked)
        {
            _payload = payload;
        }
        else
        {
            payload.Span.CopyTo(_firstFrame.AsSpan(FrameHeader.Size));
        }
    }

    /// <summary>An empty inline message for the MPI thread's pool, with room for <paramref name="capacity"/> payload bytes.</summary>
    private OutgoingMessage(int capacity)
    {
        _firstFrame = GC.AllocateUninitializedArray<byte>(FrameHeader.Size + capacity, pinned: true);
        FrameCount = 1;
        IsPooled = true;
    }

    /// <summary>The destination node.</summary>
    public int Node { get; private set; }

    /// <summary>The tag (also the MPI tag of every frame).</summary>
    public int Tag { get; private set; }

    /// <summary>True when the message belongs to the MPI thread's pool (returned there once sent).</summary>
    public bool IsPooled { get; }

    /// <summary>Payload bytes a pooled message can carry.</summary>
    public int Capacity => _firstFrame.Length - FrameHeader.Size;

    /// <summary>A reusable inline message with room for <paramref name="capacity"/> payload bytes.</summary>
    public static OutgoingMessage Pooled(int capacity) => new(capacity);

    /// <summary>Makes a pooled message (sent, or new) carry <paramref name="payload"/> to <paramref name="node"/> under <paramref name="tag"/>.</summary>
    public void Refill(int node, int tag, ReadOnlySpan<byte> payload)
    {
        Debug.Assert(IsPooled && payload.Length <= Capacity && _framesDone == _framesPosted);
        Node = node;
        Tag = tag;
        _framesPosted = 0;
        _framesDone = 0;
        _firstFrameLength = FrameHeader.Size + payload.Length;
        FrameHeader.Write(_firstFrame, payload.Length, 0);
        payload.CopyTo(_firstFrame.AsSpan(FrameHeader.Size));
    }

    /// <summary>Runs on the MPI thread once every frame completed.</summary>
    public Action? OnSent { get; }

    /// <summary>Frames in all: the header plus the chunks.</summary>
    public int FrameCount { get; }

    /// <summary>True once every frame has been handed to MPI.</summary>
    public bool AllPosted => _framesPosted == FrameCount;

    /// <summary>Bytes of the next frame to post.</summary>
    public int NextFrameLength
    {
        get
        {
            Debug.Assert(!AllPosted);
            if (_framesPosted == 0)
            {
                return _firstFrameLength;
            }

            long offset = (long)(_framesPosted - 1) << _chunkShift;
            return (int)Math.Min(1L << _chunkShift, _payload.Length - offset);
        }
    }

    /// <summary>Where the next frame's bytes start (pins the payload before its first chunk).</summary>
    public byte* NextFramePointer()
    {
        Debug.Assert(!AllPosted);
        if (_framesPosted == 0)
        {
            return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_firstFrame));
        }

        if (_framesPosted == 1)
        {
            _payloadPin = _payload.Pin();
        }

        return (byte*)_payloadPin.Pointer + ((long)(_framesPosted - 1) << _chunkShift);
    }

    /// <summary>Counts the frame just handed to MPI.</summary>
    public void FramePosted() => _framesPosted++;

    /// <summary>Counts a completed frame; true (and the payload unpinned) when it was the last.</summary>
    public bool FrameCompleted()
    {
        _framesDone++;
        Debug.Assert(_framesDone <= _framesPosted);
        if (_framesDone < FrameCount)
        {
            return false;
        }

        _payloadPin.Dispose();
        return true;
    }
}
