namespace Hpc.Mpi.Tests.Collectives;

/// <summary>
/// Ibarrier, Ibcast and Iallreduce on real engines over a segment: results against serial answers, completion only
/// once every rank took part (checked by ordering, not timing), and overlap with other collectives.
/// </summary>
[TestFixture]
public sealed class NonblockingCollectiveTests
{
    /// <summary>Rank counts: one, a power of two and odd ones.</summary>
    private static readonly int[] s_sizes = [1, 2, 3, 5];

    /// <summary>Tests rank 0 makes before it lets the last rank start the barrier.</summary>
    private const int TestsBeforeLastArrives = 200;

    [Test]
    public void Ibarrier_LastRankNotArrived_TestFalseUntilItStarts([Values(2, 3, 5)] int size)
    {
        int released = 0;
        int[] completedEarly = SegmentWorld.Run(size, world =>
        {
            if (world.Rank == world.Size - 1)
            {
                while (Volatile.Read(ref released) == 0)
                {
                    Thread.Yield();
                }

                world.Ibarrier().Wait();
                return 0;
            }

            Request barrier = world.Ibarrier();
            int early = 0;
            if (world.Rank == 0)
            {
                for (int i = 0; i < TestsBeforeLastArrives; i++)
                {
                    early += barrier.Test(out _) ? 1 : 0;
                }

                Volatile.Write(ref released, 1);
            }

            barrier.Wait();
            return early;
        });

        Assert.That(completedEarly, Is.All.Zero, "a barrier completed before the last rank started it");
    }

    [Test]
    public void Ibcast_AnyRoot_EveryRankHoldsTheRootsData(
        [ValueSource(nameof(s_sizes))] int size, [Values(0, -1)] int rootFromEnd, [Values(1, 5000)] int count, [Values(false, true)] bool oneIsle)
    {
        int root = rootFromEnd == 0 ? 0 : size - 1;
        long[][] results = SegmentWorld.Run(size, world =>
        {
            long[] buffer = world.Rank == root ? [.. Enumerable.Range(0, count).Select(i => (long)i * i)] : new long[count];
            Request request = world.Ibcast<long>(buffer, root);
            request.Wait();
            return buffer;
        }, oneIsle);

        long[] expected = [.. Enumerable.Range(0, count).Select(i => (long)i * i)];
        for (int rank = 0; rank < size; rank++)
        {
            Assert.That(results[rank], Is.EqualTo(expected), $"rank {rank}");
        }
    }

    [Test]
    public void Iallreduce_SumAndNonCommutative_EveryRankHoldsTheSerialFold([ValueSource(nameof(s_sizes))] int size, [Values(1, 700)] int count)
    {
        (int[] Sum, Affine[] Then)[] results = SegmentWorld.Run(size, world =>
        {
            int[] sum = new int[count];
            Affine[] then = new Affine[count];
            Request first = world.Iallreduce<int>(Ranks.Fill(world.Rank, count, OpCases.IntSum.Value), sum, OpCases.IntSum.Op);
            Request second = world.Iallreduce<Affine>(Ranks.Fill(world.Rank, count, OpCases.AffineThen.Value), then, OpCases.AffineThen.Op);
            second.Wait(); // the later one first: both progress whichever is waited for
            first.Wait();
            return (sum, then);
        });

        int[] serialSum = OpCases.IntSum.Fold(size, count);
        Affine[] serialThen = OpCases.AffineThen.Fold(size, count);
        for (int rank = 0; rank < size; rank++)
        {
            Assert.That(results[rank].Sum, Is.EqualTo(serialSum), $"rank {rank}");
            Assert.That(results[rank].Then, Is.EqualTo(serialThen), $"rank {rank}");
        }
    }

    [Test]
    public void Iallreduce_InPlaceOverlappingABlockingAllreduce_BothRight([ValueSource(nameof(s_sizes))] int size)
    {
        (double[] Pending, double Blocking)[] results = SegmentWorld.Run(size, world =>
        {
            double[] buffer = [world.Rank + 1.0, world.Rank * 2.0];
            Request request = world.Iallreduce<double>(buffer, buffer, Op<double>.Max);
            double blocking = world.Allreduce(world.Rank + 0.5, Op<double>.Sum);
            while (!request.Test(out _))
            {
            }

            return (buffer, blocking);
        });

        for (int rank = 0; rank < size; rank++)
        {
            Assert.That(results[rank].Pending, Is.EqualTo(new[] { size * 1.0, (size - 1) * 2.0 }), $"rank {rank}");
            Assert.That(results[rank].Blocking, Is.EqualTo(Enumerable.Range(0, size).Sum(r => r + 0.5)), $"rank {rank}");
        }
    }

    [Test]
    public void Iallreduce_CountsDiffer_WaitThrowsAtTheRankThatSeesIt()
    {
        // Rank 0 (the tree's root) gets rank 1's two elements where it expects one; rank 1 would wait for the result
        // forever (an erroneous program), so it only tests until rank 0 has seen the error.
        int failed = 0;
        bool[] results = SegmentWorld.Run(2, world =>
        {
            int[] mine = new int[world.Rank + 1];
            Request request = world.Iallreduce<int>(mine, new int[mine.Length], Op<int>.Sum);
            if (world.Rank == 0)
            {
                bool threw = Assert.Throws<InvalidOperationException>(() => request.Wait()) is not null;
                Volatile.Write(ref failed, 1);
                return threw;
            }

            while (Volatile.Read(ref failed) == 0 && !request.Test(out _))
            {
            }

            return true;
        });

        Assert.That(results, Is.All.True);
    }

    [Test]
    public void Ireduce_AnyRoot_RootHoldsTheSerialFoldInRankOrder([ValueSource(nameof(s_sizes))] int size, [Values(0, -1)] int rootFromEnd, [Values(1, 700)] int count)
    {
        int root = rootFromEnd == 0 ? 0 : size - 1;
        Affine[][] results = SegmentWorld.Run(size, world =>
        {
            Affine[] result = world.Rank == root ? new Affine[count] : [];
            world.Ireduce<Affine>(Ranks.Fill(world.Rank, count, OpCases.AffineThen.Value), result, OpCases.AffineThen.Op, root).Wait();
            return result;
        });

        Assert.That(results[root], Is.EqualTo(OpCases.AffineThen.Fold(size, count)));
    }

    [Test]
    public void IallgatherAndIalltoall_EveryRankHoldsTheBlocksInRankOrder([ValueSource(nameof(s_sizes))] int size, [Values(1, 3000)] int block)
    {
        static long Of(int from, int to, int i) => (from * 1_000_000L) + (to * 10_000L) + i;
        (long[] Gathered, long[] Exchanged)[] results = SegmentWorld.Run(size, world =>
        {
            long[] mine = [.. Enumerable.Range(0, block).Select(i => Of(world.Rank, 0, i))];
            long[] gathered = new long[block * size];
            long[] outgoing = [.. Enumerable.Range(0, block * size).Select(k => Of(world.Rank, k / block, k % block))];
            long[] exchanged = new long[block * size];
            Request gather = world.Iallgather<long>(mine, gathered);
            Request exchange = world.Ialltoall<long>(outgoing, exchanged);
            Request.WaitAll([exchange, gather]);
            return (gathered, exchanged);
        });

        for (int rank = 0; rank < size; rank++)
        {
            int me = rank;
            Assert.That(results[rank].Gathered, Is.EqualTo(Enumerable.Range(0, block * size).Select(k => Of(k / block, 0, k % block))), $"rank {rank}");
            Assert.That(results[rank].Exchanged, Is.EqualTo(Enumerable.Range(0, block * size).Select(k => Of(k / block, me, k % block))), $"rank {rank}");
        }
    }
}
