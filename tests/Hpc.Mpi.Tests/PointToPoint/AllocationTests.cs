namespace Hpc.Mpi.Tests.PointToPoint;

/// <summary>
/// Non-blocking operations come from the engine's pools: once warm, a stream of Isend/Irecv/Wait/Test allocates
/// nothing on the calling thread (a world of one rank, messages to oneself, through the same engine as in a job).
/// </summary>
[TestFixture]
public sealed class AllocationTests
{
    /// <summary>Operations measured.</summary>
    private const int Operations = 10_000;

    [Test]
    public void IsendIrecvWait_TenThousandOnceWarm_AllocateNothing()
    {
        Comm world = Comm.World;
        Memory<long> outgoing = new long[4];
        Memory<long> incoming = new long[4];
        Span<Request> requests = new Request[2];
        Span<Status> statuses = new Status[2];
        RoundTrips(world, outgoing, incoming, requests, statuses, 100); // pools filled, code jitted

        long before = GC.GetAllocatedBytesForCurrentThread();
        long received = RoundTrips(world, outgoing, incoming, requests, statuses, Operations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero, $"{allocated} bytes for {Operations} rounds of Isend/Irecv/Wait/Test");
        Assert.That(received, Is.EqualTo(Operations * 32L), "every message arrived whole");
        Assert.That(incoming.Span[0], Is.EqualTo(Operations - 1), "the last message is the last one sent");
    }

    /// <summary>
    /// <paramref name="count"/> rounds, alternating the receive posted first (matched on arrival, completed by
    /// WaitAll) and the send first (an unexpected message; Wait and a Test loop).
    /// Returns the bytes received (no assertion inside: a constraint is an allocation).
    /// </summary>
    private static long RoundTrips(Comm world, Memory<long> outgoing, Memory<long> incoming, Span<Request> requests, Span<Status> statuses, int count)
    {
        long received = 0;
        for (int i = 0; i < count; i++)
        {
            outgoing.Span[0] = i;
            if (i % 2 == 0)
            {
                requests[0] = world.Irecv(incoming, 0, 3);
                requests[1] = world.Isend<long>(outgoing, 0, 3);
                Request.WaitAll(requests, statuses);
                received += statuses[0].Bytes;
            }
            else
            {
                world.Isend<long>(outgoing, 0, 4).Wait();
                Request receive = world.Irecv(incoming, 0, 4);
                Status status;
                while (!receive.Test(out status))
                {
                }

                received += status.Bytes;
            }
        }

        return received;
    }
}
