namespace Hpc.Mpi.Tests.Collectives;

/// <summary>
/// The reductions as a job calls them, on real engines over a segment: in place, reduce-scatter (both forms) and
/// value-index pairs, each against a serial computation.
/// </summary>
[TestFixture]
public sealed class CommReductionTests
{
    /// <summary>Rank counts: one, a power of two and an odd one.</summary>
    private static readonly int[] s_sizes = [1, 2, 3, 4];

    /// <summary>Element r·1000 + i of rank r's contribution: integers, so double sums are exact in any order.</summary>
    private static double Value(int rank, int index) => (rank * 1000) + index - 500;

    [Test]
    public void Allreduce_InPlace_EveryRankHoldsTheSerialSum([ValueSource(nameof(s_sizes))] int size, [Values(1, 40, 5000)] int count)
    {
        double[][] results = SegmentWorld.Run(size, world =>
        {
            double[] buffer = [.. Enumerable.Range(0, count).Select(i => Value(world.Rank, i))];
            world.Allreduce<double>(buffer, Op<double>.Sum);
            return buffer;
        });

        double[] serial = [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(0, size).Sum(r => Value(r, i)))];
        for (int rank = 0; rank < size; rank++)
        {
            Assert.That(results[rank], Is.EqualTo(serial), $"rank {rank}");
        }
    }

    [Test]
    public void Reduce_InPlace_RootHoldsTheSerialMaxAndOthersKeepTheirData([ValueSource(nameof(s_sizes))] int size, [Values(0, -1)] int rootFromEnd)
    {
        int root = rootFromEnd == 0 ? 0 : size - 1;
        int[][] results = SegmentWorld.Run(size, world =>
        {
            int[] buffer = [.. Enumerable.Range(0, 33).Select(i => Ranks.Mix(world.Rank, i))];
            world.Reduce<int>(buffer, Op<int>.Max, root);
            return buffer;
        });

        int[] serial = [.. Enumerable.Range(0, 33).Select(i => Enumerable.Range(0, size).Max(r => Ranks.Mix(r, i)))];
        for (int rank = 0; rank < size; rank++)
        {
            int[] expected = rank == root ? serial : [.. Enumerable.Range(0, 33).Select(i => Ranks.Mix(rank, i))];
            Assert.That(results[rank], Is.EqualTo(expected), $"rank {rank}");
        }
    }

    [Test]
    public void ScanAndExscan_InPlace_RankHoldsItsSerialPrefix([ValueSource(nameof(s_sizes))] int size)
    {
        (long[] Scan, long[] Exscan)[] results = SegmentWorld.Run(size, world =>
        {
            long[] scan = [.. Enumerable.Range(0, 5).Select(i => (long)Ranks.Mix(world.Rank, i))];
            long[] exscan = [.. scan];
            world.Scan<long>(scan, Op<long>.Sum);
            world.Exscan<long>(exscan, Op<long>.Sum);
            return (scan, exscan);
        });

        for (int rank = 0; rank < size; rank++)
        {
            int last = rank;
            long[] inclusive = [.. Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, last + 1).Sum(r => (long)Ranks.Mix(r, i)))];
            long[] exclusive = rank == 0
                ? [.. Enumerable.Range(0, 5).Select(i => (long)Ranks.Mix(0, i))]
                : [.. Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, last).Sum(r => (long)Ranks.Mix(r, i)))];
            Assert.That(results[rank].Scan, Is.EqualTo(inclusive), $"rank {rank}");
            Assert.That(results[rank].Exscan, Is.EqualTo(exclusive), $"rank {rank}");
        }
    }

    [Test]
    public void ReduceScatterBlock_EachRankHoldsItsBlockOfTheSerialSum([ValueSource(nameof(s_sizes))] int size, [Values(1, 9)] int block)
    {
        double[][] results = SegmentWorld.Run(size, world =>
        {
            double[] send = [.. Enumerable.Range(0, block * size).Select(i => Value(world.Rank, i))];
            double[] mine = new double[block];
            world.ReduceScatterBlock<double>(send, mine, Op<double>.Sum);
            return mine;
        });

        for (int rank = 0; rank < size; rank++)
        {
            double[] expected = [.. Enumerable.Range(rank * block, block).Select(i => Enumerable.Range(0, size).Sum(r => Value(r, i)))];
            Assert.That(results[rank], Is.EqualTo(expected), $"rank {rank}");
        }
    }

    [Test]
    public void ReduceScatter_UnequalCounts_EachRankHoldsItsBlockOfTheSerialSum([ValueSource(nameof(s_sizes))] int size)
    {
        int[] counts = [.. Enumerable.Range(0, size).Select(r => (2 * r) + 1)];
        long[][] results = SegmentWorld.Run(size, world =>
        {
            long[] send = [.. Enumerable.Range(0, counts.Sum()).Select(i => (long)Ranks.Mix(world.Rank, i))];
            long[] mine = new long[counts[world.Rank]];
            world.ReduceScatter<long>(send, mine, counts, Op<long>.Sum);
            return mine;
        });

        int offset = 0;
        for (int rank = 0; rank < size; rank++)
        {
            long[] expected = [.. Enumerable.Range(offset, counts[rank]).Select(i => Enumerable.Range(0, size).Sum(r => (long)Ranks.Mix(r, i)))];
            Assert.That(results[rank], Is.EqualTo(expected), $"rank {rank}");
            offset += counts[rank];
        }
    }

    [Test]
    public void ReduceScatter_CountsNotOnePerRank_Throws()
    {
        Assert.Throws<ArgumentException>(() => SegmentWorld.Run(1, world =>
        {
            world.ReduceScatter<int>(new int[2], new int[1], [1, 1], Op<int>.Sum);
            return 0;
        }));
    }

    /// <summary>
    /// Element i of rank r holds value ((r + i) / 2) mod 2, so pairs of ranks tie on the minimum and on the maximum;
    /// the index a rank sends falls as its rank rises, so that "lowest index wins" (MPI's rule) and "first rank wins"
    /// give different answers.
    /// </summary>
    [Test]
    public void AllreduceMinLocMaxLoc_Ties_TakeTheLowestIndex([ValueSource(nameof(s_sizes))] int size)
    {
        const int Count = 10;
        static double Of(int rank, int i) => ((rank + i) / 2) % 2;
        int IndexOf(int rank) => (size - rank) * 10;
        (ValueIndex<double>[] Min, ValueIndex<double>[] Max)[] results = SegmentWorld.Run(size, world =>
        {
            ValueIndex<double>[] mine = [.. Enumerable.Range(0, Count).Select(i => new ValueIndex<double>(Of(world.Rank, i), IndexOf(world.Rank)))];
            var min = new ValueIndex<double>[Count];
            var max = new ValueIndex<double>[Count];
            world.Allreduce<ValueIndex<double>>(mine, min, Op.MinLoc<double>());
            world.Allreduce<ValueIndex<double>>(mine, max, Op.MaxLoc<double>());
            return (min, max);
        });

        for (int i = 0; i < Count; i++)
        {
            double low = Enumerable.Range(0, size).Min(r => Of(r, i));
            double high = Enumerable.Range(0, size).Max(r => Of(r, i));
            var expectedMin = new ValueIndex<double>(low, Enumerable.Range(0, size).Where(r => Of(r, i) == low).Min(IndexOf));
            var expectedMax = new ValueIndex<double>(high, Enumerable.Range(0, size).Where(r => Of(r, i) == high).Min(IndexOf));
            for (int rank = 0; rank < size; rank++)
            {
                Assert.That(results[rank].Min[i], Is.EqualTo(expectedMin), $"rank {rank}, element {i}");
                Assert.That(results[rank].Max[i], Is.EqualTo(expectedMax), $"rank {rank}, element {i}");
            }
        }
    }

    [Test]
    public void MinLoc_AllEqual_LowestIndexWhateverTheOrder()
    {
        Op<ValueIndex<int>> minLoc = Op.MinLoc<int>();
        Span<ValueIndex<int>> accumulator = [new(5, 9), new(5, 2), new(4, 7)];
        minLoc.Apply([new(5, 3), new(5, 8), new(4, 7)], accumulator);
        Assert.That(accumulator.ToArray(), Is.EqualTo(new ValueIndex<int>[] { new(5, 3), new(5, 2), new(4, 7) }));
        Assert.That(minLoc.IsCommutative, Is.True);
        Assert.That(Op.MinLoc<int>(), Is.SameAs(minLoc));
    }

    [Test]
    public void ReduceMaxLoc_LargestValueAndItsIndex_AtTheRoot([ValueSource(nameof(s_sizes))] int size)
    {
        ValueIndex<long>[] results = SegmentWorld.Run(size, world =>
            world.Reduce(new ValueIndex<long>(Ranks.Mix(world.Rank, 1) % 1000, world.Rank * 10), Op.MaxLoc<long>(), root: 0));

        long best = Enumerable.Range(0, size).Max(r => (long)(Ranks.Mix(r, 1) % 1000));
        int where = Enumerable.Range(0, size).First(r => Ranks.Mix(r, 1) % 1000 == best) * 10;
        Assert.That(results[0], Is.EqualTo(new ValueIndex<long>(best, where)));
    }
}
