namespace Hpc.Mpi.Tests;

/// <summary>
/// The map x ↦ A·x + B over 64-bit integers (wrapping), combined by composition: associative but not commutative,
/// so a reduction with it shows whether contributions were combined in rank order.
/// </summary>
public readonly record struct Affine(ulong A, ulong B)
{
    /// <summary>First <paramref name="first"/>, then <paramref name="second"/>: x ↦ A2·(A1·x + B1) + B2.</summary>
    public static Affine Then(Affine first, Affine second) =>
        new(unchecked(second.A * first.A), unchecked((second.A * first.B) + second.B));

    /// <summary>A random map with an odd slope (so no information is lost to multiplication by an even number).</summary>
    public static Affine Random(Random random) => new((ulong)random.NextInt64() | 1, (ulong)random.NextInt64());

    /// <summary>A map determined by <paramref name="rank"/> and <paramref name="index"/>, for collective tests.</summary>
    public static Affine For(int rank, int index) => new(((ulong)((rank * 7919) + index) * 2) + 3, (ulong)((rank * 104729) ^ (index * 31)));
}
