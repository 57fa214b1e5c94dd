using Hpc.Mpi;

/// <summary>
/// Jobs that hang under any MPI, and one that only looks like it might: hermit-run must end the first kind with a
/// report of each rank's wait and let the second finish.
/// </summary>
internal static class Deadlocks
{
    /// <summary>Ranks 0 and 1 each receive from the other first: neither ever sends.</summary>
    public static int Crossed(Comm world)
    {
        if (world.Rank == 0)
        {
            world.Recv<int>(1, 5);
        }
        else if (world.Rank == 1)
        {
            world.Recv<int>(Any.Source, 5);
        }

        return 0;
    }

    /// <summary>Rank 0 enters a barrier while rank 1 waits for a message from it.</summary>
    public static int InCollective(Comm world)
    {
        if (world.Rank == 0)
        {
            world.Barrier();
        }
        else if (world.Rank == 1)
        {
            world.Recv<int>(0, 5);
        }

        return 0;
    }

    /// <summary>Rank 0 waits for a non-blocking barrier while rank 1 receives from it: a deadlock inside Ibarrier.</summary>
    public static int InNonblockingCollective(Comm world)
    {
        if (world.Rank == 0)
        {
            world.Ibarrier().Wait();
        }
        else if (world.Rank == 1)
        {
            world.Recv<int>(0, 5);
        }

        return 0;
    }

    /// <summary>
    /// Rank 1 sends one message (tag 5) and returns; rank 0 receives it, then waits for a second one (tag 6) that can
    /// never come. Rank 0 is already waiting for the first while rank 1 returns: that message must still arrive.
    /// </summary>
    public static int FromReturned(Comm world)
    {
        if (world.Rank == 1)
        {
            // Keeps its core a moment, so rank 0 is surely blocked in its receive before the message and the return.
            Thread.Sleep(300);
            world.Send(42, 0, 5);
            return 0;
        }

        if (world.Rank == 0)
        {
            Console.WriteLine($"received {world.Recv<int>(1, 5)}");
            world.Recv<int>(1, 6);
        }

        return 0;
    }

    /// <summary>
    /// Rank 1 computes (sleeps) for <paramref name="milliseconds"/> before sending while rank 0 waits: a long wait,
    /// not a deadlock.
    /// </summary>
    public static int SlowSender(Comm world, int milliseconds)
    {
        if (world.Rank == 1)
        {
            Thread.Sleep(milliseconds);
            world.Send(7, 0, 5);
        }
        else if (world.Rank == 0)
        {
            Console.WriteLine($"slow ok {world.Recv<int>(1, 5)}");
        }

        return 0;
    }
}
