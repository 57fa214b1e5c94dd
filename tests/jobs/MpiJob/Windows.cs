using Hpc.Mpi;

/// <summary>Shared-memory windows between the ranks of the node, whatever isles (processes) they run in.</summary>
internal static class Windows
{
    /// <summary>
    /// Each rank fills its part, reads its neighbours' in place after a fence, takes tickets from a shared counter and
    /// increments another under an exclusive lock; prints "window ok" when every value is what it must be.
    /// </summary>
    public static int Run(Comm world)
    {
        Comm node = world.SplitType(CommSplitType.Shared, 0);
        const int Elements = 100_000;
        int failures = 0;
        using (SharedWindow<double> window = node.AllocateSharedWindow<double>(Elements))
        {
            for (int i = 0; i < Elements; i++)
            {
                window.Local[i] = node.Rank * 1e6 + i;
            }

            window.Fence();
            for (int rank = 0; rank < node.Size; rank++)
            {
                Span<double> part = window.Part(rank);
                for (int i = 0; i < Elements; i += 997)
                {
                    failures += part[i] == rank * 1e6 + i ? 0 : 1;
                }
            }

            window.Fence();
        }

        const int Tickets = 200;
        using (SharedWindow<long> counters = node.AllocateSharedWindow<long>(node.Rank == 0 ? 2 : 0))
        {
            long last = -1;
            for (int i = 0; i < Tickets; i++)
            {
                long ticket = counters.FetchAndOp(1, 0, 0, Op<long>.Sum);
                failures += ticket > last ? 0 : 1; // a rank's own tickets only grow
                last = ticket;
                counters.Lock(0);
                counters.Part(0)[1]++;
                counters.Unlock(0);
            }

            counters.Fence();
            failures += counters.Part(0)[0] == (long)Tickets * node.Size ? 0 : 1;
            failures += counters.Part(0)[1] == (long)Tickets * node.Size ? 0 : 1;
            counters.Fence();
        }

        Console.WriteLine(failures == 0 ? $"window ok rank {world.Rank} of {node.Size}" : $"window FAILED rank {world.Rank}: {failures} wrong values");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Asks for more than the node's window memory; prints the error every rank gets.</summary>
    public static int TooBig(Comm world, int bytes)
    {
        try
        {
            using SharedWindow<byte> window = world.AllocateSharedWindow<byte>(bytes);
            Console.WriteLine($"rank {world.Rank}: allocated {bytes} bytes");
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"rank {world.Rank}: {e.Message}");
        }

        return 0;
    }
}
