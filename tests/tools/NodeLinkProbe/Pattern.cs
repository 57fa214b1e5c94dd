using System.Runtime.InteropServices;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// The bytes of a test message: a function of (sender, receiver, tag, sequence) and of the position, different in
/// every 4-byte word, so a misrouted message, a reordering or a chunk written at the wrong offset shows up.
/// </summary>
internal static class Pattern
{
    /// <summary>The seed of one message (the same in every process, unlike HashCode's).</summary>
    public static uint Seed(int source, int destination, int tag, int sequence) =>
        ((uint)source * 73856093u) ^ ((uint)destination * 19349663u) ^ ((uint)tag * 83492791u) ^ ((uint)sequence * 2654435761u) ^ 0x5bd1e995u;

    /// <summary>Fills <paramref name="bytes"/> with the pattern of <paramref name="seed"/>.</summary>
    public static void Fill(Span<byte> bytes, uint seed)
    {
        Span<uint> words = MemoryMarshal.Cast<byte, uint>(bytes);
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = Word(seed, i);
        }

        for (int i = words.Length * 4; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(Word(seed, i / 4) >> (8 * (i % 4)));
        }
    }

    /// <summary>Index of the first byte that differs from the pattern, or -1.</summary>
    public static long FirstMismatch(ReadOnlySpan<byte> bytes, uint seed)
    {
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(bytes);
        for (int i = 0; i < words.Length; i++)
        {
            if (words[i] != Word(seed, i))
            {
                return i * 4L;
            }
        }

        for (int i = words.Length * 4; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)(Word(seed, i / 4) >> (8 * (i % 4))))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Word <paramref name="index"/> of the pattern (an odd-multiplier hash of seed and index).</summary>
    private static uint Word(uint seed, int index) => ((uint)index * 2654435761u) ^ (seed + (uint)(index >> 18));
}
