using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Allgather"/> and <see cref="CollectiveAlgorithms.Allgatherv"/>.</summary>
[TestFixture]
public sealed class AllgatherTests
{
    /// <summary>Every rank holds every rank's block in rank order.</summary>
    [Test]
    public void Allgather_AnySize_EveryRankHoldsAllBlocks(
        [ValueSource(typeof(Matrix), nameof(Matrix.Sizes))] int size,
        [ValueSource(typeof(Matrix), nameof(Matrix.BlockCounts))] int count)
    {
        int[] expected = [.. Enumerable.Range(0, size).SelectMany(rank => Ranks.Fill(rank, count, Ranks.Mix))];
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int[] recv = new int[size * count];
            CollectiveAlgorithms.Allgather<int>(transport, Ranks.Fill(transport.Rank, count, Ranks.Mix), recv, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<int>(expected, results[rank], $"rank {rank}");
        }
    }

    /// <summary>In place: each rank's contribution already sits in its block of the receive buffer.</summary>
    [Test]
    public void Allgather_InPlace_EveryRankHoldsAllBlocks([Values(5, 8)] int size)
    {
        int[] expected = [.. Enumerable.Range(0, size).SelectMany(rank => Ranks.Fill(rank, 7, Ranks.Mix))];
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int[] recv = new int[size * 7];
            Ranks.Fill(transport.Rank, 7, Ranks.Mix).CopyTo(recv, transport.Rank * 7);
            CollectiveAlgorithms.Allgather<int>(transport, recv.AsSpan(transport.Rank * 7, 7), recv, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<int>(expected, results[rank], $"rank {rank}");
        }
    }

    /// <summary>Blocks of different lengths land at their displacements on every rank, packed (recursive doubling for powers of two) or gapped and reversed (ring).</summary>
    [Test]
    public void Allgatherv_AnyLayout_EveryRankHoldsEachBlockInPlace(
        [ValueSource(typeof(Matrix), nameof(Matrix.Sizes))] int size,
        [Values] bool packed)
    {
        Layout layout = packed ? Layout.Packed(size) : Layout.Reversed(size);
        int[] expected = layout.Expected(Ranks.Mix);
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int rank = transport.Rank;
            int[] recv = layout.Sentinels();
            CollectiveAlgorithms.Allgatherv<int>(
                transport, Ranks.Fill(rank, layout.Counts[rank], Ranks.Mix), recv, layout.Counts, layout.Displacements, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<int>(expected, results[rank], $"rank {rank}");
        }
    }
}
