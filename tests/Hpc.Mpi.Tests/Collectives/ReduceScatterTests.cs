using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.ReduceScatter"/> against blocks of a serial reduction.</summary>
[TestFixture]
public sealed class ReduceScatterTests
{
    /// <summary>Sizes × block lengths × shapes for a commutative int sum, a double sum and a non-commutative operation.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int block in (int[])[0, 1, 7, 300])
            {
                foreach (IsleShape shape in Matrix.Shapes)
                {
                    yield return new TestCaseData(OpCases.IntSum, size, block, shape);
                    yield return new TestCaseData(OpCases.AffineThen, size, block, shape);
                }

                yield return new TestCaseData(OpCases.DoubleSum, size, block, IsleShape.Flat);
            }
        }
    }

    /// <summary>Rank r gets block r of x0 op ... op x(n−1); blocks of unequal length (block + r elements for rank r).</summary>
    [TestCaseSource(nameof(Cases))]
    public void ReduceScatter_AnySize_RankHoldsItsBlockOfTheSerialReduction<T>(OpCase<T> op, int size, int block, IsleShape shape)
        where T : unmanaged
    {
        int[] counts = [.. Enumerable.Range(0, size).Select(r => block + (r % 3))];
        int total = counts.Sum();
        T[][] results = Ranks.Run(size, shape, transport =>
        {
            T[] recv = new T[counts[transport.Rank]];
            CollectiveAlgorithms.ReduceScatter<T>(transport, Ranks.Fill(transport.Rank, total, op.Value), recv, counts, op.Op, Ranks.Tag);
            return recv;
        });

        T[] serial = op.Fold(size, total);
        int offset = 0;
        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<T>(serial.AsSpan(offset, counts[rank]), results[rank], $"rank {rank}");
            offset += counts[rank];
        }
    }
}
