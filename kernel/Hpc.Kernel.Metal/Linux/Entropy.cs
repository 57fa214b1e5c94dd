using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// Random bytes for getrandom and AT_RANDOM: SplitMix64 seeded from the TSC at first use (not cryptographic:
/// enough for glibc's stack protector and pointer guard and for hash seeds; RDRAND can replace it later).
/// </summary>
internal static unsafe class Entropy
{
    /// <summary>The generator's state (0 until seeded).</summary>
    private static ulong s_state;

    /// <summary>Fills <paramref name="length"/> bytes at <paramref name="target"/>.</summary>
    public static void Fill(byte* target, ulong length)
    {
        if (s_state == 0)
        {
            s_state = Cpu.ReadTsc() | 1;
        }

        for (ulong i = 0; i < length; i += 8)
        {
            ulong value = Next();
            for (ulong b = 0; b < 8 && i + b < length; b++)
            {
                target[i + b] = (byte)(value >> (int)(8 * b));
            }
        }
    }

    /// <summary>The next 64 bits.</summary>
    private static ulong Next()
    {
        ulong z = s_state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
