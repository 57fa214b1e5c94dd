using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Gather"/> and <see cref="CollectiveAlgorithms.Gatherv"/>.</summary>
[TestFixture]
public sealed class GatherTests
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

    /// <summary>The root holds every rank's block in rank order; the others' receive buffers are untouched.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Gather_AnyRoot_RootHoldsBlocksInRankOrder(int size, int count, int root)
    {
        int[] expected = [.. Enumerable.Range(0, size).SelectMany(rank => Ranks.Fill(rank, count, Ranks.Mix))];
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int[] recv = new int[transport.Rank == root ? size * count : 0];
            CollectiveAlgorithms.Gather<int>(transport, Ranks.Fill(transport.Rank, count, Ranks.Mix), recv, root, Ranks.Tag);
            return recv;
        });

        Ranks.AssertSame<int>(expected, results[root], "root");
    }

    /// <summary>Gather of a struct element (16 bytes) to a middle root.</summary>
    [Test]
    public void Gather_StructElements_RootHoldsBlocksInRankOrder([Values(3, 8)] int size)
    {
        int root = size / 2;
        Affine[] expected = [.. Enumerable.Range(0, size).SelectMany(rank => Ranks.Fill(rank, 5, Affine.For))];
        Affine[][] results = Ranks.Run(size, IsleShape.Blocks3, transport =>
        {
            Affine[] recv = new Affine[transport.Rank == root ? size * 5 : 0];
            CollectiveAlgorithms.Gather<Affine>(transport, Ranks.Fill(transport.Rank, 5, Affine.For), recv, root, Ranks.Tag);
            return recv;
        });

        Ranks.AssertSame<Affine>(expected, results[root], "root");
    }

    /// <summary>
    /// Blocks of different lengths (some empty) land at their displacements, laid out in reverse rank order with gaps;
    /// the gaps stay untouched.
    /// </summary>
    [TestCaseSource(nameof(VCases))]
    public void Gatherv_ScatteredDisplacements_RootHoldsEachBlockInPlace(int size, int root)
    {
        Layout layout = Layout.Reversed(size);
        int[] expected = layout.Expected(Ranks.Mix);
        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int rank = transport.Rank;
            int[] recv = rank == root ? layout.Sentinels() : [];
            CollectiveAlgorithms.Gatherv<int>(
                transport, Ranks.Fill(rank, layout.Counts[rank], Ranks.Mix), recv, layout.Counts, layout.Displacements, root, Ranks.Tag);
            return recv;
        });

        Ranks.AssertSame<int>(expected, results[root], "root");
    }
}
