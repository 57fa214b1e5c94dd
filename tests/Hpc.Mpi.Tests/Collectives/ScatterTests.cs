using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Scatter"/> and <see cref="CollectiveAlgorithms.Scatterv"/>.</summary>
[TestFixture]
public sealed class ScatterTests
{
    /// <summary>Sizes × counts per rank × roots.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int count in Matrix.BlockCounts)
            {
                foreach (int root in Ranks.Roots(size))
                {
                    yield return new TestCaseData(size, count, root);
                }
            }
        }

        yield return new TestCaseData(5, 7, 2);
        yield return new TestCaseData(64, 3, 37);
    }

    /// <summary>Sizes × roots for the v variant.</summary>
    private static IEnumerable<TestCaseData> VCases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int root in Ranks.Roots(size))
            {
                yield return new TestCaseData(size, root);
            }
        }
    }

    /// <summary>Rank r receives block r of the root's buffer.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Scatter_AnyRoot_RankHoldsItsBlock(int size, int count, int root)
    {
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int[] send = transport.Rank == root ? [.. Enumerable.Range(0, size).SelectMany(rank => Ranks.Fill(rank, count, Ranks.Mix))] : [];
            int[] recv = new int[count];
            CollectiveAlgorithms.Scatter<int>(transport, send, recv, root, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<int>(Ranks.Fill(rank, count, Ranks.Mix), results[rank], $"rank {rank}");
        }
    }

    /// <summary>Rank r receives its block, of its own length (some empty), from wherever the root's layout puts it.</summary>
    [TestCaseSource(nameof(VCases))]
    public void Scatterv_ScatteredDisplacements_RankHoldsItsBlock(int size, int root)
    {
        Layout layout = Layout.Reversed(size);
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int rank = transport.Rank;
            int[] send = rank == root ? layout.Expected(Ranks.Mix) : [];
            int[] recv = new int[layout.Counts[rank]];
            CollectiveAlgorithms.Scatterv<int>(transport, send, layout.Counts, layout.Displacements, recv, root, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<int>(Ranks.Fill(rank, layout.Counts[rank], Ranks.Mix), results[rank], $"rank {rank}");
        }
    }
}
