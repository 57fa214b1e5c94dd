using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Reduce"/> against the serial fold in rank order.</summary>
[TestFixture]
public sealed class ReduceTests
{
    /// <summary>Sizes × counts × roots × layouts, for an int sum, a double sum and a non-commutative operation (one type at the largest count).</summary>
    private static IEnumerable<TestCaseData> MatrixCases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int count in Matrix.Counts)
            {
                foreach (int root in Ranks.Roots(size))
                {
                    foreach (IsleShape shape in Matrix.Shapes)
                    {
                        yield return new TestCaseData(OpCases.IntSum, size, count, root, shape);

                        // The tree is the same for every element type: one type is enough for the largest count.
                        if (count < 70_000)
                        {
                            yield return new TestCaseData(OpCases.DoubleSum, size, count, root, shape);
                            yield return new TestCaseData(OpCases.AffineThen, size, count, root, shape);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Every built-in operation on int and double plus a user operation, at every size, flat and on isles.</summary>
    private static IEnumerable<TestCaseData> OpCasesBySize()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (IsleShape shape in (IsleShape[])[IsleShape.Flat, IsleShape.Blocks3])
            {
                foreach (OpCase<int> op in OpCases.IntOps())
                {
                    yield return new TestCaseData(op, size, 7, size - 1, shape);
                }

                foreach (OpCase<double> op in OpCases.DoubleOps())
                {
                    yield return new TestCaseData(op, size, 7, size - 1, shape);
                }

                yield return new TestCaseData(OpCases.UserMaxAbs, size, 7, size - 1, shape);
            }
        }
    }

    /// <summary>Isles of eight on 64 ranks, every root class: the root's isle leader, a member, another isle's leader.</summary>
    private static IEnumerable<TestCaseData> EightPerIsleCases()
    {
        foreach (int root in (int[])[0, 8, 13, 63])
        {
            yield return new TestCaseData(OpCases.IntSum, 64, 4096, root, IsleShape.Blocks8);
            yield return new TestCaseData(OpCases.AffineThen, 64, 7, root, IsleShape.Blocks8);
            yield return new TestCaseData(OpCases.AffineThen, 64, 7, root, IsleShape.RoundRobin3);
        }
    }

    /// <summary>The root gets x0 op ... op x(n−1); the other ranks' receive buffers are untouched.</summary>
    [TestCaseSource(nameof(MatrixCases))]
    [TestCaseSource(nameof(OpCasesBySize))]
    [TestCaseSource(nameof(EightPerIsleCases))]
    public void Reduce_AnyLayout_RootHoldsRankOrderFold<T>(OpCase<T> op, int size, int count, int root, IsleShape shape)
        where T : unmanaged
    {
        T[] expected = op.Fold(size, count);
        T[][] results = Ranks.Run(size, shape, transport =>
        {
            T[] recv = new T[count];
            CollectiveAlgorithms.Reduce<T>(transport, Ranks.Fill(transport.Rank, count, op.Value), recv, op.Op, root, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<T>(rank == root ? expected : new T[count], results[rank], $"rank {rank}");
        }
    }

    /// <summary>The root may reduce in place: its send buffer is its receive buffer.</summary>
    [Test]
    public void Reduce_InPlaceAtRoot_RootHoldsFold([Values(IsleShape.Flat, IsleShape.Blocks3)] IsleShape shape)
    {
        OpCase<Affine> op = OpCases.AffineThen;
        const int Size = 8;
        const int Root = 4;
        int[] counts = [7, 70_000];
        foreach (int count in counts)
        {
            Affine[][] results = Ranks.Run(Size, shape, transport =>
            {
                Affine[] data = Ranks.Fill(transport.Rank, count, op.Value);
                CollectiveAlgorithms.Reduce<Affine>(transport, data, data, op.Op, Root, Ranks.Tag);
                return data;
            });

            Ranks.AssertSame<Affine>(op.Fold(Size, count), results[Root], $"root, {count} elements");
        }
    }

    /// <summary>On isles of eight only the isle leaders send across isles (apart from the hop to a root that leads no isle).</summary>
    [Test]
    public void Reduce_IslesOfEight_OnlyLeadersCrossIsles()
    {
        Ranks.Run(64, IsleShape.Blocks8, transport =>
        {
            int[] data = Ranks.Fill(transport.Rank, 16, Ranks.Mix);
            CollectiveAlgorithms.Reduce<int>(transport, data, new int[16], Op<int>.Sum, root: 0, Ranks.Tag);
            return 0;
        }, out ThreadWorld world);

        Assert.That(CrossIsle.NonLeaderLinks(world), Is.Empty);
    }
}
