using System.Buffers.Binary;

namespace Hpc.Protocol;

/// <summary>
/// Packs directory entries into a reply: per entry one type byte (0 file, 1 directory, 2 symbolic link, 3 other),
/// a 16-bit name length, then the UTF-8 name.
/// Decoding checks every length, although only the (trusted) proxy writes replies.
/// </summary>
internal static class DirEntryCodec
{
    /// <summary>Bytes of the fixed part of an entry.</summary>
    public const int EntryHeaderSize = 3;

    /// <summary>Appends one entry at <paramref name="offset"/>; false when it does not fit.</summary>
    public static bool TryWrite(Span<byte> buffer, ref int offset, byte type, ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > ushort.MaxValue || offset + EntryHeaderSize + utf8Name.Length > buffer.Length)
        {
            return false;
        }

        buffer[offset] = type;
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(offset + 1), (ushort)utf8Name.Length);
        utf8Name.CopyTo(buffer.Slice(offset + EntryHeaderSize));
        offset += EntryHeaderSize + utf8Name.Length;
        return true;
    }

    /// <summary>Reads the entry at <paramref name="offset"/>; false at the end or on a malformed entry.</summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, ref int offset, out byte type, out ReadOnlySpan<byte> utf8Name)
    {
        type = 0;
        utf8Name = default;
        if (offset + EntryHeaderSize > buffer.Length)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(offset + 1));
        if (offset + EntryHeaderSize + length > buffer.Length)
        {
            return false;
        }

        type = buffer[offset];
        utf8Name = buffer.Slice(offset + EntryHeaderSize, length);
        offset += EntryHeaderSize + length;
        return true;
    }
}
