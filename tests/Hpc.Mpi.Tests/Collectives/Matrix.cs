namespace Hpc.Mpi.Tests.Collectives;

/// <summary>The dimensions the collective tests are run over.</summary>
internal static class Matrix
{
    /// <summary>Rank counts: one, powers of two and others.</summary>
    public static readonly int[] Sizes = [1, 2, 3, 5, 8, 64];

    /// <summary>Element counts for broadcast and reductions: empty, tiny, odd, below and above 64 KiB.</summary>
    public static readonly int[] Counts = [0, 1, 7, 4096, 70_000];

    /// <summary>Element counts per rank for the gathering collectives, whose buffers grow with the rank count.</summary>
    public static readonly int[] BlockCounts = [0, 1, 7, 300];

    /// <summary>Layouts: flat, contiguous isles and interleaved isles.</summary>
    public static readonly IsleShape[] Shapes = [IsleShape.Flat, IsleShape.Blocks3, IsleShape.RoundRobin3];
}
