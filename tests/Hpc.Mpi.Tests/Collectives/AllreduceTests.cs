using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Allreduce"/> and its algorithms against the serial fold in rank order.</summary>
[TestFixture]
public sealed class AllreduceTests
{
    /// <summary>Sizes × counts × layouts, for an int sum, a double sum and a non-commutative operation.</summary>
    private static IEnumerable<TestCaseData> MatrixCases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int count in Matrix.Counts)
            {
                foreach (IsleShape shape in Matrix.Shapes)
                {
                    yield return new TestCaseData(OpCases.IntSum, size, count, shape);
                    yield return new TestCaseData(OpCases.DoubleSum, size, count, shape);
                    if (count < 70_000)
                    {
                        // Non-commutative goes through reduce and broadcast, whose large paths are tested there.
                        yield return new TestCaseData(OpCases.AffineThen, size, count, shape);
                    }
                }
            }

            yield return new TestCaseData(OpCases.IntSum, size, 70_000, IsleShape.Blocks8);
            yield return new TestCaseData(OpCases.AffineThen, size, 7, IsleShape.Blocks8);
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
                    yield return new TestCaseData(op, size, 7, shape);
                }

                foreach (OpCase<double> op in OpCases.DoubleOps())
                {
                    yield return new TestCaseData(op, size, 7, shape);
                }

                yield return new TestCaseData(OpCases.UserMaxAbs, size, 7, shape);
            }
        }
    }

    /// <summary>Every algorithm at every size and count, whatever the size rule would pick.</summary>
    private static IEnumerable<TestCaseData> AlgorithmCases()
    {
        foreach (AllreduceAlgorithm algorithm in Enum.GetValues<AllreduceAlgorithm>())
        {
            foreach (int size in Matrix.Sizes)
            {
                foreach (int count in Matrix.Counts)
                {
                    yield return new TestCaseData(OpCases.IntSum, algorithm.ToString(), size, count);
                    if (count < 70_000)
                    {
                        yield return new TestCaseData(OpCases.DoubleSum, algorithm.ToString(), size, count);
                    }
                }
            }
        }
    }

    /// <summary>Every rank gets x0 op ... op x(n−1).</summary>
    [TestCaseSource(nameof(MatrixCases))]
    [TestCaseSource(nameof(OpCasesBySize))]
    public void Allreduce_AnyLayout_EveryRankHoldsRankOrderFold<T>(OpCase<T> op, int size, int count, IsleShape shape)
        where T : unmanaged
    {
        T[] expected = op.Fold(size, count);
        T[][] results = Ranks.Run(size, shape, transport =>
        {
            T[] recv = new T[count];
            CollectiveAlgorithms.Allreduce<T>(transport, Ranks.Fill(transport.Rank, count, op.Value), recv, op.Op, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<T>(expected, results[rank], $"rank {rank}");
        }
    }

    /// <summary>Each algorithm on its own gives every rank the fold.</summary>
    [TestCaseSource(nameof(AlgorithmCases))]
    public void AllreduceWith_EachAlgorithm_EveryRankHoldsFold<T>(OpCase<T> op, string algorithm, int size, int count)
        where T : unmanaged
    {
        T[] expected = op.Fold(size, count);
        T[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            T[] recv = new T[count];
            CollectiveAlgorithms.AllreduceWith<T>(transport, Ranks.Fill(transport.Rank, count, op.Value), recv, op.Op, Enum.Parse<AllreduceAlgorithm>(algorithm), Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<T>(expected, results[rank], $"rank {rank}");
        }
    }

    /// <summary>Allreduce in place (send buffer = receive buffer), on every path.</summary>
    [Test]
    public void Allreduce_InPlace_EveryRankHoldsFold(
        [Values(5, 8)] int size, [Values(7, 70_000)] int count, [Values(IsleShape.Flat, IsleShape.Blocks3)] IsleShape shape)
    {
        foreach (OpCase<int> op in (OpCase<int>[])[OpCases.IntSum, OpCases.IntOps().ElementAt(1)])
        {
            int[][] results = Ranks.Run(size, shape, transport =>
            {
                int[] data = Ranks.Fill(transport.Rank, count, op.Value);
                CollectiveAlgorithms.Allreduce<int>(transport, data, data, op.Op, Ranks.Tag);
                return data;
            });

            int[] expected = op.Fold(size, count);
            for (int rank = 0; rank < size; rank++)
            {
                Ranks.AssertSame<int>(expected, results[rank], $"{op}, rank {rank}");
            }
        }
    }

    /// <summary>Small messages double recursively; large ones split, by Rabenseifner or by the ring depending on the size.</summary>
    [TestCase(1, 1_000_000, "RecursiveDoubling")]
    [TestCase(64, 16_383, "RecursiveDoubling")]
    [TestCase(64, 16_384, "Rabenseifner")]
    [TestCase(2, 16_384, "Rabenseifner")]
    [TestCase(5, 16_384, "Ring")]
    [TestCase(63, 16_384, "Rabenseifner")]
    [TestCase(63, 64_512, "Ring")]
    public void ChooseAllreduce_BySizeAndRanks_PicksAlgorithm(int size, int ints, string expected) =>
        Assert.That(CollectiveAlgorithms.ChooseAllreduce<int>(ints, size).ToString(), Is.EqualTo(expected));

    /// <summary>On isles of eight only the isle leaders send across isles.</summary>
    [Test]
    public void Allreduce_IslesOfEight_OnlyLeadersCrossIsles([Values(16, 70_000)] int count)
    {
        Ranks.Run(64, IsleShape.Blocks8, transport =>
        {
            int[] data = Ranks.Fill(transport.Rank, count, Ranks.Mix);
            CollectiveAlgorithms.Allreduce<int>(transport, data, data, Op<int>.Sum, Ranks.Tag);
            return 0;
        }, out ThreadWorld world);

        Assert.That(CrossIsle.NonLeaderLinks(world), Is.Empty);
    }
}
