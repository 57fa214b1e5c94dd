namespace Hpc.Mpi.Tests.Collectives;

/// <summary>Counts and displacements of a v collective over one buffer, with the gaps between blocks.</summary>
/// <param name="Counts">Elements of each rank's block.</param>
/// <param name="Displacements">Where each rank's block starts.</param>
/// <param name="Length">The buffer's length.</param>
internal sealed record Layout(int[] Counts, int[] Displacements, int Length)
{
    /// <summary>The value of a gap element, which the collective must not write.</summary>
    public const int Gap = -7;

    /// <summary>Blocks of (rank · 5 + 3) mod 7 elements (so some are empty) in reverse rank order, two elements apart.</summary>
    public static Layout Reversed(int size)
    {
        var counts = new int[size];
        var displacements = new int[size];
        int at = 1;
        for (int rank = size - 1; rank >= 0; rank--)
        {
            counts[rank] = ((rank * 5) + 3) % 7;
            displacements[rank] = at;
            at += counts[rank] + 2;
        }

        return new Layout(counts, displacements, at);
    }

    /// <summary>Blocks of (rank · 5 + 3) mod 7 elements back to back in rank order.</summary>
    public static Layout Packed(int size)
    {
        var counts = new int[size];
        var displacements = new int[size];
        int at = 0;
        for (int rank = 0; rank < size; rank++)
        {
            counts[rank] = ((rank * 5) + 3) % 7;
            displacements[rank] = at;
            at += counts[rank];
        }

        return new Layout(counts, displacements, at);
    }

    /// <summary>A buffer of <see cref="Gap"/> values.</summary>
    public int[] Sentinels()
    {
        var buffer = new int[Length];
        Array.Fill(buffer, Gap);
        return buffer;
    }

    /// <summary>The buffer with every rank's block from <paramref name="value"/> at its displacement, gaps elsewhere.</summary>
    public int[] Expected(Func<int, int, int> value)
    {
        int[] buffer = Sentinels();
        for (int rank = 0; rank < Counts.Length; rank++)
        {
            Ranks.Fill(rank, Counts[rank], value).CopyTo(buffer, Displacements[rank]);
        }

        return buffer;
    }
}
