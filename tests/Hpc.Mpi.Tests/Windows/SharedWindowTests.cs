using System.Runtime.CompilerServices;

namespace Hpc.Mpi.Tests.Windows;

/// <summary>
/// Shared-memory windows on real engines over one segment: every rank reads and writes the others' parts in place,
/// fences and locks order those accesses, accumulates and atomics are atomic, and the window memory is given back.
/// </summary>
[TestFixture]
public sealed unsafe class SharedWindowTests
{
    /// <summary>Window memory of the test segments.</summary>
    private const long WindowMemory = 4L * 1024 * 1024;

    [Test]
    public void Parts_EachRankWritesItsOwn_EveryRankReadsEveryPartInPlace()
    {
        bool[] results = SegmentWorld.Run(4, world =>
        {
            using SharedWindow<int> window = world.AllocateSharedWindow<int>(world.Rank + 1);
            Assert.That(window.Local.ToArray(), Is.All.Zero, "a new part is zeroed");
            window.Local.Fill(100 + world.Rank);
            window.Fence();
            for (int rank = 0; rank < world.Size; rank++)
            {
                Span<int> part = window.Part(rank);
                Assert.That(part.Length, Is.EqualTo(rank + 1));
                Assert.That(part.ToArray(), Is.All.EqualTo(100 + rank), $"rank {world.Rank} reading rank {rank}'s part");
                if (rank > 0)
                {
                    // Contiguous, as MPI_Win_allocate_shared lays parts out by default.
                    Span<int> previous = window.Part(rank - 1);
                    Assert.That((nint)Unsafe.AsPointer(ref part[0]), Is.EqualTo((nint)Unsafe.AsPointer(ref previous[0]) + previous.Length * sizeof(int)));
                }
            }

            window.Fence();
            return true;
        }, windowMemory: WindowMemory);

        Assert.That(results, Is.All.True);
    }

    [Test]
    public void PutAndGet_RingOfRanks_LandInTheNeighboursPart()
    {
        int[][] results = SegmentWorld.Run<int[]>(4, world =>
        {
            using SharedWindow<int> window = world.AllocateSharedWindow<int>(8);
            int next = (world.Rank + 1) % world.Size;
            window.Put([world.Rank, world.Rank * 10], next, 3);
            window.Fence();
            int[] fromPrevious = new int[2];
            window.Get(fromPrevious, world.Rank, 3);
            int[] fromNext = new int[2];
            window.Get(fromNext, next, 3);
            window.Fence();
            return [.. fromPrevious, .. fromNext];
        }, windowMemory: WindowMemory);

        for (int rank = 0; rank < 4; rank++)
        {
            int previous = (rank + 3) % 4;
            Assert.That(results[rank], Is.EqualTo(new[] { previous, previous * 10, rank, rank * 10 }));
        }
    }

    [Test]
    public void Accumulate_AllRanksAddIntoOneElement_NoUpdateIsLost()
    {
        const int Adds = 2000;
        long[] results = SegmentWorld.Run(4, world =>
        {
            using SharedWindow<long> window = world.AllocateSharedWindow<long>(world.Rank == 0 ? 2 : 0);
            for (int i = 0; i < Adds; i++)
            {
                window.Accumulate([1L, 2L], 0, 0, Op<long>.Sum);
            }

            window.Fence();
            long total = window.Part(0)[0] + window.Part(0)[1];
            window.Fence();
            return total;
        }, windowMemory: WindowMemory);

        Assert.That(results, Is.All.EqualTo(4L * Adds * 3));
    }

    [Test]
    public void FetchAndOp_SharedCounter_EveryTicketIsHandedOutOnce()
    {
        const int Tickets = 500;
        long[][] results = SegmentWorld.Run(4, world =>
        {
            using SharedWindow<long> window = world.AllocateSharedWindow<long>(world.Rank == 0 ? 1 : 0);
            long[] tickets = new long[Tickets];
            for (int i = 0; i < Tickets; i++)
            {
                tickets[i] = window.FetchAndOp(1, 0, 0, Op<long>.Sum);
            }

            window.Fence();
            return tickets;
        }, windowMemory: WindowMemory);

        Assert.That(results.SelectMany(t => t).Order(), Is.EqualTo(Enumerable.Range(0, 4 * Tickets).Select(i => (long)i)));
    }

    [Test]
    public void CompareAndSwap_RanksRaceToClaimAnElement_ExactlyOneWins()
    {
        int[] results = SegmentWorld.Run(4, world =>
        {
            using SharedWindow<int> window = world.AllocateSharedWindow<int>(world.Rank == 1 ? 1 : 0);
            int before = window.CompareAndSwap(world.Rank + 1, 0, 1, 0);
            window.Fence();
            int owner = window.Part(1)[0];
            window.Fence();
            return before == 0 ? owner : -owner;
        }, windowMemory: WindowMemory);

        Assert.That(results.Count(r => r > 0), Is.EqualTo(1), "one rank saw 0 and claimed the element");
        int winner = results.Single(r => r > 0);
        Assert.That(results.Where(r => r < 0), Is.All.EqualTo(-winner), "the others saw the winner's value");
    }

    [Test]
    public void ExclusiveLock_ReadModifyWriteFromEveryRank_NoUpdateIsLost()
    {
        const int Increments = 1000;
        long[] results = SegmentWorld.Run(4, world =>
        {
            using SharedWindow<long> window = world.AllocateSharedWindow<long>(world.Rank == 0 ? 1 : 0);
            for (int i = 0; i < Increments; i++)
            {
                window.Lock(0);
                Span<long> counter = window.Part(0);
                long seen = Volatile.Read(ref counter[0]);
                Thread.SpinWait(5); // widen the window a lost update would need
                Volatile.Write(ref counter[0], seen + 1);
                window.Unlock(0);
            }

            window.Fence();
            long total = window.Part(0)[0];
            window.Fence();
            return total;
        }, windowMemory: WindowMemory);

        Assert.That(results, Is.All.EqualTo(4L * Increments));
    }

    [Test]
    public void SharedLocks_HeldByEveryRankAtOnce_NoneWaits()
    {
        // Each rank takes a shared lock on part 0 and holds it across a barrier: were shared locks exclusive, the
        // second rank would never get past Lock and the barrier would never complete (the run times out).
        bool[] results = SegmentWorld.Run(4, world =>
        {
            using SharedWindow<int> window = world.AllocateSharedWindow<int>(1);
            window.Lock(0, WindowLock.Shared);
            world.Barrier();
            window.Unlock(0);
            window.LockAll();
            world.Barrier();
            window.UnlockAll();
            window.Lock(0, WindowLock.Exclusive);
            window.Unlock(0);
            window.Fence();
            return true;
        }, windowMemory: WindowMemory);

        Assert.That(results, Is.All.True);
    }

    [Test]
    public void Dispose_AllocateAndFreeManyTimes_MemoryIsReusedAndZeroed()
    {
        // 300 windows of 1 MiB each, one at a time, in 4 MiB: more than fit at once and more than the block table holds.
        bool[] results = SegmentWorld.Run(2, world =>
        {
            for (int i = 0; i < 300; i++)
            {
                using SharedWindow<byte> window = world.AllocateSharedWindow<byte>(512 * 1024);
                if (window.Local.IndexOfAnyExcept((byte)0) >= 0)
                {
                    return false;
                }

                window.Local.Fill(0xAB);
                window.Fence();
            }

            return true;
        }, windowMemory: WindowMemory);

        Assert.That(results, Is.All.True);
    }

    [Test]
    public void Allocate_MoreThanTheWindowMemory_EveryRankGetsTheSameClearError()
    {
        string[] results = SegmentWorld.Run(3, world =>
        {
            try
            {
                using SharedWindow<byte> window = world.AllocateSharedWindow<byte>(2 * 1024 * 1024);
                return "allocated";
            }
            catch (InvalidOperationException e)
            {
                // The communicator still works afterwards: the failure was agreed, not half-made.
                world.Barrier();
                return e.Message;
            }
        }, windowMemory: WindowMemory);

        Assert.That(results.Distinct().Count(), Is.EqualTo(1), "every rank fails the same way");
        Assert.That(results[0], Does.Contain("does not fit").And.Contain("--window-memory"));
    }

    [Test]
    public void Allocate_JobWithoutWindowMemory_SaysSo()
    {
        string[] results = SegmentWorld.Run(2, world =>
        {
            try
            {
                world.AllocateSharedWindow<int>(1).Dispose();
                return "allocated";
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        });

        Assert.That(results, Is.All.Contains("no window memory"));
    }

    [Test]
    public void Misuse_OutOfRangeDoubleLockUnheldUnlockAndUseAfterDispose_Throw()
    {
        bool[] results = SegmentWorld.Run(2, world =>
        {
            SharedWindow<int> window = world.AllocateSharedWindow<int>(4);
            int other = 1 - world.Rank;
            Assert.Throws<ArgumentOutOfRangeException>(() => window.Put([1, 2], other, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => window.Get(new int[1], other, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => window.Part(2));
            Assert.Throws<InvalidOperationException>(() => window.Unlock(other));
            window.Lock(world.Rank);
            Assert.Throws<InvalidOperationException>(() => window.Lock(world.Rank));
            window.Unlock(world.Rank);
            window.Dispose();
            Assert.Throws<ObjectDisposedException>(() => window.Part(0));
            Assert.Throws<ObjectDisposedException>(() => window.Fence());
            window.Dispose(); // a second dispose is harmless
            return true;
        }, windowMemory: WindowMemory);

        Assert.That(results, Is.All.True);
    }

    [Test]
    public void Allocate_OnASplitOfTheWorld_PartsAreThatCommunicatorsOwn()
    {
        int[][] results = SegmentWorld.Run(4, world =>
        {
            Comm half = world.Split(world.Rank % 2, 0)!;
            using SharedWindow<int> window = half.AllocateSharedWindow<int>(1);
            window.Local[0] = world.Rank;
            window.Fence();
            int[] seen = [window.Part(0)[0], window.Part(1)[0]];
            window.Fence();
            return seen;
        }, windowMemory: WindowMemory);

        Assert.That(results[0], Is.EqualTo(new[] { 0, 2 }));
        Assert.That(results[1], Is.EqualTo(new[] { 1, 3 }));
        Assert.That(results[2], Is.EqualTo(new[] { 0, 2 }));
        Assert.That(results[3], Is.EqualTo(new[] { 1, 3 }));
    }
}
