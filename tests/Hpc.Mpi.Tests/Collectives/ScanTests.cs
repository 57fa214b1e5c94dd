using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Scan"/> and <see cref="CollectiveAlgorithms.Exscan"/> against serial prefixes.</summary>
[TestFixture]
public sealed class ScanTests
{
    /// <summary>Sizes × counts for an int sum, a double sum and a non-commutative operation.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int count in (int[])[0, 1, 7, 4096])
            {
                yield return new TestCaseData(OpCases.IntSum, size, count);
                yield return new TestCaseData(OpCases.DoubleSum, size, count);
                yield return new TestCaseData(OpCases.AffineThen, size, count);
            }

            yield return new TestCaseData(OpCases.IntOps().ElementAt(2), size, 7);
        }
    }

    /// <summary>Rank r gets x0 op ... op xr.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Scan_AnySize_RankHoldsInclusivePrefix<T>(OpCase<T> op, int size, int count)
        where T : unmanaged
    {
        T[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            T[] recv = new T[count];
            CollectiveAlgorithms.Scan<T>(transport, Ranks.Fill(transport.Rank, count, op.Value), recv, op.Op, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<T>(op.Prefix(rank, count), results[rank], $"rank {rank}");
        }
    }

    /// <summary>Rank r &gt; 0 gets x0 op ... op x(r−1); rank 0's buffer keeps what it held.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Exscan_AnySize_RankHoldsExclusivePrefix<T>(OpCase<T> op, int size, int count)
        where T : unmanaged
    {
        T[] untouched = Ranks.Fill(-1, count, op.Value);
        T[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            T[] recv = [.. untouched];
            CollectiveAlgorithms.Exscan<T>(transport, Ranks.Fill(transport.Rank, count, op.Value), recv, op.Op, Ranks.Tag);
            return recv;
        });

        Ranks.AssertSame<T>(untouched, results[0], "rank 0");
        for (int rank = 1; rank < size; rank++)
        {
            Ranks.AssertSame<T>(op.Prefix(rank - 1, count), results[rank], $"rank {rank}");
        }
    }

    /// <summary>Both scans work in place (send buffer = receive buffer).</summary>
    [Test]
    public void Scans_InPlace_MatchPrefixes([Values(5, 8)] int size)
    {
        OpCase<Affine> op = OpCases.AffineThen;
        Affine[][][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            Affine[] inclusive = Ranks.Fill(transport.Rank, 7, op.Value);
            Affine[] exclusive = Ranks.Fill(transport.Rank, 7, op.Value);
            CollectiveAlgorithms.Scan<Affine>(transport, inclusive, inclusive, op.Op, Ranks.Tag);
            CollectiveAlgorithms.Exscan<Affine>(transport, exclusive, exclusive, op.Op, Ranks.Tag);
            return new[] { inclusive, exclusive };
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<Affine>(op.Prefix(rank, 7), results[rank][0], $"inclusive, rank {rank}");
            Ranks.AssertSame<Affine>(rank == 0 ? Ranks.Fill(0, 7, op.Value) : op.Prefix(rank - 1, 7), results[rank][1], $"exclusive, rank {rank}");
        }
    }
}
