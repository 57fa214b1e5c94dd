using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// A message on its way out: built on the caller's thread (small payloads copied behind their header at once), then
/// posted frame by frame by the MPI thread. Frame 0 is the header (with the payload when inline); frames 1.. are the
/// payload's chunks, read in place from the caller's memory, which stays pinned until the last frame completes.
/// </summary>
internal sealed unsafe class OutgoingMessage
{
    /// <summary>The header frame, with the payload behind it when inline; allocated pinned.</summary>
    private readonly byte[] _firstFrame;

    /// <summary>The caller's payload, read in place when chunked.</summary>
    private readonly ReadOnlyMemory<byte> _payload;

    /// <summary>log2 of the chunk size; 0 when inline.</summary>
    private readonly int _chunkShift;

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

    /// <summary>The destination node.</summary>
    public int Node { get; }

    /// <summary>The tag (also the MPI tag of every frame).</summary>
    public int Tag { get; }

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
                return _firstFrame.Length;
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
