namespace Hpc.Mpi.Tests.PointToPoint;

/// <summary>Persistent requests: started many times, each start reading (or filling) the buffer of that moment.</summary>
[TestFixture]
public sealed class PersistentRequestTests
{
    [Test]
    public void StartAllWaitAll_RingOverSteps_EachStepCarriesThatStepsData([Values(2, 3)] int size, [Values(false, true)] bool oneIsle)
    {
        const int Steps = 5;
        long[][] results = SegmentWorld.Run(size, world =>
        {
            long[] outgoing = new long[3];
            long[] incoming = new long[3];
            long[] seen = new long[Steps];
            int right = (world.Rank + 1) % world.Size, left = (world.Rank + world.Size - 1) % world.Size;
            using PersistentRequest send = world.SendInit<long>(outgoing, right, 7);
            using PersistentRequest receive = world.RecvInit<long>(incoming, left, 7);
            for (int step = 0; step < Steps; step++)
            {
                outgoing.AsSpan().Fill((world.Rank * 100) + step);
                PersistentRequest.StartAll([receive, send]);
                PersistentRequest.WaitAll([send, receive]);
                seen[step] = incoming.All(v => v == incoming[0]) ? incoming[0] : -1;
            }

            return seen;
        }, oneIsle);

        for (int rank = 0; rank < size; rank++)
        {
            int left = (rank + size - 1) % size;
            Assert.That(results[rank], Is.EqualTo(Enumerable.Range(0, Steps).Select(step => (left * 100L) + step)), $"rank {rank}");
        }
    }

    /// <summary>Each start of a synchronous persistent send stays incomplete until that start's receive is posted.</summary>
    [Test]
    public void SsendInit_EachStart_CompletesOnlyOnceItsReceiveIsPosted()
    {
        int released = -1;
        int[] results = SegmentWorld.Run(2, world =>
        {
            int[] value = new int[1];
            if (world.Rank == 0)
            {
                using PersistentRequest send = world.SsendInit<int>(value, 1, 3);
                int early = 0;
                for (int step = 0; step < 3; step++)
                {
                    value[0] = step + 10;
                    send.Start();
                    for (int i = 0; i < 50; i++)
                    {
                        early += send.Test(out _) ? 1 : 0;
                    }

                    Volatile.Write(ref released, step);
                    send.Wait();
                }

                return early;
            }

            int sum = 0;
            for (int step = 0; step < 3; step++)
            {
                while (Volatile.Read(ref released) < step)
                {
                    Thread.Yield();
                }

                sum += world.Recv<int>(0, 3);
            }

            return sum;
        });

        Assert.That(results, Is.EqualTo(new[] { 0, 10 + 11 + 12 }));
    }

    [Test]
    public void Start_WhileActive_ThrowsAndDisposeWhileActiveThrows()
    {
        SegmentWorld.Run(1, world =>
        {
            using PersistentRequest receive = world.RecvInit<int>(new int[1], 0, 1);
            receive.Start();
            Assert.That(receive.IsActive, Is.True);
            Assert.Throws<InvalidOperationException>(receive.Start);
            Assert.Throws<InvalidOperationException>(receive.Dispose);
            world.Send(4, 0, 1);
            Assert.That(receive.Wait().Tag, Is.EqualTo(1));
            Assert.That(receive.IsActive, Is.False);
            return 0;
        });
    }

    [Test]
    public void StartWait_ToProcNull_CompleteAtOnce()
    {
        bool[] results = SegmentWorld.Run(1, world =>
        {
            using PersistentRequest send = world.SendInit<int>(new int[1], Comm.ProcNull, 0);
            using PersistentRequest receive = world.RecvInit<int>(new int[1], Comm.ProcNull, 0);
            PersistentRequest.StartAll([send, receive]);
            return !send.IsActive && !receive.IsActive && receive.Test(out _);
        });

        Assert.That(results[0], Is.True);
    }

    [Test]
    public void StartWait_OnceWarm_AllocatesNothing()
    {
        long[] results = SegmentWorld.Run(1, world =>
        {
            Memory<long> outgoing = new long[2];
            Memory<long> incoming = new long[2];
            using PersistentRequest send = world.SendInit<long>(outgoing, 0, 2);
            using PersistentRequest receive = world.RecvInit(incoming, 0, 2);
            for (int i = 0; i < 100; i++)
            {
                receive.Start();
                send.Start();
                send.Wait();
                receive.Wait();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                receive.Start();
                send.Start();
                send.Wait();
                receive.Wait();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.That(results[0], Is.Zero);
    }
}
