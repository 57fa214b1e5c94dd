using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// A message being received: a pinned buffer that MPI writes in place (the inline frame with its header, or the
/// chunks one after the other), and the count of receives still outstanding. Delivered when complete and first in
/// its stream.
/// </summary>
internal sealed unsafe class IncomingMessage
{
    /// <summary>Creates the message; <paramref name="receives"/> asynchronous receives will fill <paramref name="buffer"/>.</summary>
    private IncomingMessage(InboundStream stream, byte[] buffer, int offset, int length, int receives, int chunkShift)
    {
        Stream = stream;
        Buffer = buffer;
        Offset = offset;
        Length = length;
        ReceiveCount = receives;
        ChunkShift = chunkShift;
    }

    /// <summary>The (node, tag) stream it belongs to.</summary>
    public InboundStream Stream { get; }

    /// <summary>The pinned buffer MPI writes into.</summary>
    public byte[] Buffer { get; }

    /// <summary>Where the payload starts in <see cref="Buffer"/> (after the header when inline).</summary>
    public int Offset { get; }

    /// <summary>Payload length.</summary>
    public int Length { get; }

    /// <summary>Asynchronous receives that fill the buffer (1 inline, one per chunk, 0 when already complete).</summary>
    public int ReceiveCount { get; }

    /// <summary>log2 of the chunk size; 0 when inline.</summary>
    public int ChunkShift { get; }

    /// <summary>Receives matched (posted or taken from a probe) so far; chunks only.</summary>
    public int ChunksMatched { get; set; }

    /// <summary>Receives completed so far.</summary>
    public int ReceivesDone { get; set; }

    /// <summary>True when every byte has arrived.</summary>
    public bool Complete => ReceivesDone == ReceiveCount;

    /// <summary>A message whose whole frame (header and payload) arrives in one receive.</summary>
    public static IncomingMessage Inline(InboundStream stream, int frameLength) =>
        new(stream, GC.AllocateUninitializedArray<byte>(frameLength, pinned: true), FrameHeader.Size, frameLength - FrameHeader.Size, 1, 0);

    /// <summary>A message already complete (its bytes came with the header, or there are none).</summary>
    public static IncomingMessage Received(InboundStream stream, byte[] buffer, int offset, int length) =>
        new(stream, buffer, offset, length, 0, 0);

    /// <summary>A message of <paramref name="length"/> bytes that follows its header in chunks.</summary>
    public static IncomingMessage Chunked(InboundStream stream, int length, int chunkShift)
    {
        int chunks = (int)(((long)length + (1L << chunkShift) - 1) >> chunkShift);
        return new(stream, GC.AllocateUninitializedArray<byte>(length, pinned: true), 0, length, chunks, chunkShift);
    }

    /// <summary>Bytes of chunk <paramref name="index"/>.</summary>
    public int ChunkLength(int index)
    {
        Debug.Assert(ChunkShift != 0 && index < ReceiveCount);
        long offset = (long)index << ChunkShift;
        return (int)Math.Min(1L << ChunkShift, Length - offset);
    }

    /// <summary>Where chunk <paramref name="index"/> goes (or, inline, where the frame goes).</summary>
    public byte* Pointer(int index)
    {
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Buffer));
        return ChunkShift == 0 ? start : start + ((long)index << ChunkShift);
    }
}
