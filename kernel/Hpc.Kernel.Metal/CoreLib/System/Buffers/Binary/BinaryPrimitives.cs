namespace System.Buffers.Binary;

/// <summary>Little-endian reads and writes (x86-64 is little-endian: plain unaligned accesses).</summary>
public static unsafe class BinaryPrimitives
{
    /// <summary>Reads a 16-bit value.</summary>
    public static ushort ReadUInt16LittleEndian(ReadOnlySpan<byte> source)
    {
        if (source.Length < 2)
        {
            throw new ArgumentOutOfRangeException();
        }

        return (ushort)(source[0] | (source[1] << 8));
    }

    /// <summary>Writes a 16-bit value.</summary>
    public static void WriteUInt16LittleEndian(Span<byte> destination, ushort value)
    {
        if (destination.Length < 2)
        {
            throw new ArgumentOutOfRangeException();
        }

        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
    }
}
