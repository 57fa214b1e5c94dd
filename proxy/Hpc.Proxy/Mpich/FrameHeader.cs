using System.Buffers.Binary;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// The 8 bytes that open every message on the wire (little-endian): bits 0–31 the message length, bits 48–55 the
/// log2 of the chunk size when the bytes follow as chunks (one MPI message each, same source and tag), 0 when they
/// follow inline in this same MPI message. MPI keeps messages of one (source, tag) in order, so the chunks of a
/// message can only be followed by the next message's header; carrying the chunk size lets the receiver post its
/// chunk receives without sharing options with the sender.
/// </summary>
internal static class FrameHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 8;

    /// <summary>Smallest chunk size a header may announce (log2).</summary>
    public const int MinChunkShift = 12;

    /// <summary>Largest chunk size a header may announce (log2).</summary>
    public const int MaxChunkShift = 30;

    /// <summary>Where the chunk shift sits in the header word.</summary>
    private const int ShiftPosition = 48;

    /// <summary>Writes a header for <paramref name="length"/> bytes; <paramref name="chunkShift"/> 0 means inline.</summary>
    public static void Write(Span<byte> destination, int length, int chunkShift)
    {
        System.Diagnostics.Debug.Assert(length >= 0);
        System.Diagnostics.Debug.Assert(chunkShift == 0 || chunkShift is >= MinChunkShift and <= MaxChunkShift);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (uint)length | ((ulong)chunkShift << ShiftPosition));
    }

    /// <summary>
    /// Reads a header; false when it is not one this link writes (a length above <paramref name="maxLength"/>, a
    /// chunk size out of range, other bits set).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, int maxLength, out int length, out int chunkShift)
    {
        length = 0;
        chunkShift = 0;
        if (source.Length < Size)
        {
            return false;
        }

        ulong word = BinaryPrimitives.ReadUInt64LittleEndian(source);
        ulong value = word & uint.MaxValue;
        int shift = (int)((word >> ShiftPosition) & 0xff);
        bool known = (word & ~(uint.MaxValue | (0xffUL << ShiftPosition))) == 0;
        if (!known || value > (ulong)maxLength || (shift != 0 && shift is < MinChunkShift or > MaxChunkShift))
        {
            return false;
        }

        length = (int)value;
        chunkShift = shift;
        return true;
    }
}
