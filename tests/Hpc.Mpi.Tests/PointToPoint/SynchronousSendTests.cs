namespace Hpc.Mpi.Tests.PointToPoint;

/// <summary>
/// Ssend and Issend complete only once a receive matched: the receiver posts only after it saw a flag the sender sets
/// after its Test calls, so a Test that succeeded before the flag would be a send that completed unmatched. Runs on
/// real engines over a segment, eager and streamed (ranks of two isles) and by rendezvous (one isle).
/// </summary>
[TestFixture]
public sealed class SynchronousSendTests
{
    /// <summary>Tests the sender makes before it lets the receiver post.</summary>
    private const int TestsBeforeReceive = 200;

    /// <summary>Elements: one (eager), and more than a minimum channel's eager limit (streamed, or rendezvous on one isle).</summary>
    private static readonly object[] s_shapes =
    [
        new object[] { 1, false },
        new object[] { 20_000, false },
        new object[] { 1, true },
        new object[] { 20_000, true },
    ];

    [TestCaseSource(nameof(s_shapes))]
    public void Issend_ReceiveNotPosted_TestFalseUntilTheReceiveMatches(int count, bool oneIsle)
    {
        int released = 0;
        long[] sent = [.. Enumerable.Range(0, count).Select(i => (long)i * 3 + 1)];
        (int Completed, long[] Received)[] results = SegmentWorld.Run(2, world =>
        {
            if (world.Rank == 0)
            {
                Request request = world.Issend<long>(sent, 1, 9);
                int completed = 0;
                for (int i = 0; i < TestsBeforeReceive; i++)
                {
                    completed += request.Test(out _) ? 1 : 0;
                }

                Volatile.Write(ref released, 1);
                request.Wait();
                return (completed, Array.Empty<long>());
            }

            while (Volatile.Read(ref released) == 0)
            {
                Thread.Yield();
            }

            long[] received = new long[count];
            world.Recv<long>(received, 0, 9);
            return (0, received);
        }, oneIsle);

        Assert.That(results[0].Completed, Is.Zero, "a Test succeeded before the receiver posted its receive");
        Assert.That(results[1].Received, Is.EqualTo(sent));
    }

    /// <summary>The contrast that shows the test above can fail: a standard send of one element is buffered and completes unmatched.</summary>
    [Test]
    public void Isend_SmallReceiveNotPosted_CompletesAtOnce()
    {
        int released = 0;
        bool[] results = SegmentWorld.Run(2, world =>
        {
            if (world.Rank == 0)
            {
                bool done = world.Isend<long>(new long[] { 5 }, 1, 9).Test(out _);
                Volatile.Write(ref released, 1);
                return done;
            }

            while (Volatile.Read(ref released) == 0)
            {
                Thread.Yield();
            }

            return world.Recv<long>(0, 9) == 5;
        });

        Assert.That(results, Is.EqualTo(new[] { true, true }));
    }

    [TestCaseSource(nameof(s_shapes))]
    public void Ssend_ReceivePostedFirst_DeliversInOrderAfterEarlierSends(int count, bool oneIsle)
    {
        int posted = 0;
        long[] sent = [.. Enumerable.Range(0, count).Select(i => (long)i - 7)];
        long[][] results = SegmentWorld.Run<long[]>(2, world =>
        {
            if (world.Rank == 0)
            {
                while (Volatile.Read(ref posted) == 0)
                {
                    Thread.Yield();
                }

                world.Send(1L, 1, 4);
                world.Ssend<long>(sent, 1, 4);
                world.Send(2L, 1, 4);
                return [];
            }

            long[] received = new long[count];
            Request request = world.Irecv<long>(new long[1], 0, 4);
            Volatile.Write(ref posted, 1);
            long first = request.Wait().Bytes == sizeof(long) ? 1 : 0;
            world.Recv<long>(received, 0, 4);
            long last = world.Recv<long>(0, 4);
            return [first, last, .. received];
        }, oneIsle);

        Assert.That(results[1][..2], Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(results[1][2..], Is.EqualTo(sent));
    }

    /// <summary>A probe sees the message but does not match it: the send stays incomplete until the receive.</summary>
    [Test]
    public void Issend_ProbedNotReceived_StaysIncompleteUntilTheReceive()
    {
        int probed = 0, tested = 0;
        int[] results = SegmentWorld.Run(2, world =>
        {
            if (world.Rank == 0)
            {
                Request request = world.Issend<int>(new[] { 11 }, 1, 6);
                while (Volatile.Read(ref probed) == 0)
                {
                    Thread.Yield();
                }

                int completed = 0;
                for (int i = 0; i < TestsBeforeReceive; i++)
                {
                    completed += request.Test(out _) ? 1 : 0;
                }

                Volatile.Write(ref tested, 1);
                request.Wait();
                return completed;
            }

            Status status = world.Probe(Any.Source, Any.Tag);
            Volatile.Write(ref probed, 1);
            while (Volatile.Read(ref tested) == 0)
            {
                Thread.Yield();
            }

            return status.Tag == 6 && world.Recv<int>(0, 6) == 11 ? 0 : -1;
        });

        Assert.That(results, Is.EqualTo(new[] { 0, 0 }), "rank 0: tests that succeeded after a probe only; rank 1: -1 if the message was wrong");
    }

    [Test]
    public void Ssend_ReceiveTooSmall_ReceiverFailsAndSenderCompletes()
    {
        bool[] results = SegmentWorld.Run(2, world =>
        {
            if (world.Rank == 0)
            {
                world.Ssend<long>(new long[] { 1, 2, 3 }, 1, 2);
                return true;
            }

            Assert.Throws<MessageTruncatedException>(() => world.Recv<long>(new long[2], 0, 2));
            return true;
        });

        Assert.That(results, Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public void Issend_ToItself_CompletesOnlyOnceItsOwnReceiveMatched()
    {
        int[] results = SegmentWorld.Run(1, world =>
        {
            Request request = world.Issend<int>(new[] { 42 }, 0, 3);
            bool early = request.Test(out _);
            int value = world.Recv<int>(0, 3);
            request.Wait();
            return early ? -1 : value;
        });

        Assert.That(results[0], Is.EqualTo(42));
    }

    [Test]
    public void SsendAndIssend_ToProcNull_CompleteAtOnce()
    {
        bool[] results = SegmentWorld.Run(1, world =>
        {
            world.Ssend(1, Comm.ProcNull, 0);
            return !world.Issend<int>(new[] { 1 }, Comm.ProcNull, 0).IsActive;
        });

        Assert.That(results[0], Is.True);
    }
}
