using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// A message being received: pinned memory that MPI writes in place (the inline frame with its header, or the chunks
/// one after the other, possibly straight into memory the caller chose), and the count of receives still
/// outstanding. Delivered when complete and first in its stream.
/// </summary>
internal sealed unsafe class IncomingMessage
{
    /// <summary>Pins caller-chosen memory until the message is delivered.</summary>
    private MemoryHandle _pin;

    /// <summary>Creates the message; <paramref name="receives"/> asynchronous receives will fill <paramref name="frame"/>.</summary>
    private IncomingMessage(InboundStream stream, Memory<byte> frame, int offset, int length, int receives, int chunkShift)
    {
        Stream = stream;
        Frame = frame;
        Payload = frame.Slice(offset, length);
        ReceiveCount = receives;
        ChunkShift = chunkShift;
    }

    /// <summary>The (node, tag) stream it belongs to.</summary>
    public InboundStream Stream { get; }

    /// <summary>Everything MPI writes: the inline frame with its header, or the payload when chunked.</summary>
    public Memory<byte> Frame { get; }

    /// <summary>The message bytes within <see cref="Frame"/>.</summary>
    public Memory<byte> Payload { get; }

    /// <summary>Payload length.</summary>
    public int Length => Payload.Length;

    /// <summary>Asynchronous receives that fill the frame (1 inline, one per chunk, 0 when already complete).</summary>
    public int ReceiveCount { get; }

    /// <summary>log2 of the chunk size; 0 when inline.</summary>
    public int ChunkShift { get; }

    /// <summary>Receives matched (posted or taken from a probe) so far; chunks only.</summary>
    public int ChunksMatched { get; set; }

    /// <summary>Receives completed so far.</summary>
    public int ReceivesDone { get; set; }

    /// <summary>True when every byte has arrived.</summary>
    public bool Complete => ReceivesDone == ReceiveCount;

    /// <summary>Where MPI writes: the start of the pinned frame.</summary>
    private byte* Start { get; init; }

    /// <summary>
    /// A message whose whole frame (header and payload) arrives in one receive, into <paramref name="buffer"/> (pinned,
    /// at least <paramref name="frameLength"/> bytes; a reused one) or, when null, a new pinned array.
    /// </summary>
    public static IncomingMessage Inline(InboundStream stream, int frameLength, byte[]? buffer = null)
    {
        Debug.Assert(buffer is null || buffer.Length >= frameLength);
        byte[] frame = buffer ?? GC.AllocateUninitializedArray<byte>(frameLength, pinned: true);
        return new(stream, frame.AsMemory(0, frameLength), FrameHeader.Size, frameLength - FrameHeader.Size, 1, 0)
        {
            Start = StartOf(frame),
            PooledFrame = buffer,
        };
    }

    /// <summary>The reused receive buffer the frame lies in, if it came from the link's pool.</summary>
    public byte[]? PooledFrame { get; private init; }

    /// <summary>A message already complete (its bytes came with the header, or there are none).</summary>
    public static IncomingMessage Received(InboundStream stream, byte[] frame, int offset, int length) =>
        new(stream, frame, offset, length, 0, 0);

    /// <summary>
    /// A message of <paramref name="length"/> bytes that follows its header in chunks, received into
    /// <paramref name="destination"/> (exactly <paramref name="length"/> bytes, pinned until delivery) or, when it is
    /// empty, into a new pinned array.
    /// </summary>
    public static IncomingMessage Chunked(InboundStream stream, int length, int chunkShift, Memory<byte> destination)
    {
        Debug.Assert(destination.IsEmpty || destination.Length == length);
        int chunks = (int)(((long)length + (1L << chunkShift) - 1) >> chunkShift);
        if (destination.IsEmpty)
        {
            byte[] frame = GC.AllocateUninitializedArray<byte>(length, pinned: true);
            return new(stream, frame, 0, length, chunks, chunkShift) { Start = StartOf(frame) };
        }

        MemoryHandle pin = destination.Pin();
        return new(stream, destination, 0, length, chunks, chunkShift) { Start = (byte*)pin.Pointer, _pin = pin };
    }

    /// <summary>Bytes of chunk <paramref name="index"/>.</summary>
    public int ChunkLength(int index)
    {
        Debug.Assert(ChunkShift != 0 && index < ReceiveCount);
        long offset = (long)index << ChunkShift;
        return (int)Math.Min(1L << ChunkShift, Length - offset);
    }

    /// <summary>Where chunk <paramref name="index"/> goes (or, inline, where the frame goes).</summary>
    public byte* Pointer(int index) => ChunkShift == 0 ? Start : Start + ((long)index << ChunkShift);

    /// <summary>Unpins caller-chosen memory once the message is handed over.</summary>
    public void Release() => _pin.Dispose();

    /// <summary>The first byte of a pinned array.</summary>
    private static byte* StartOf(byte[] array) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
}
