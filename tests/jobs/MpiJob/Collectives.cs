using Hpc.Mpi;

/// <summary>
/// Every collective of Hpc.Mpi against a serial reference. Each rank's contribution is a function of its rank, so
/// every rank can compute what every collective must return without asking anyone.
/// </summary>
internal static class Collectives
{
    /// <summary>Runs all collectives with several element counts; throws on the first wrong result.</summary>
    public static int Run(Comm world)
    {
        int n = world.Size;
        int me = world.Rank;
        foreach (int count in new[] { 1, 7, 5000, 40_000 })
        {
            long[] Contribution(int rank) => Enumerable.Range(0, count).Select(i => (long)(rank + 1) * 1000 + i).ToArray();
            long[] mine = Contribution(me);
            var everyone = Enumerable.Range(0, n).Select(Contribution).ToArray();

            world.Barrier();

            long[] bcast = me == n - 1 ? mine.ToArray() : new long[count];
            world.Bcast<long>(bcast, n - 1);
            Check(bcast.SequenceEqual(everyone[n - 1]), "bcast", count);

            long[] sum = new long[count];
            world.Allreduce<long>(mine, sum, Op<long>.Sum);
            Check(sum.SequenceEqual(Enumerable.Range(0, count).Select(i => everyone.Sum(c => c[i]))), "allreduce sum", count);

            long[] max = new long[count];
            world.Reduce<long>(mine, max, Op<long>.Max, 0);
            Check(me != 0 || max.SequenceEqual(everyone[n - 1]), "reduce max", count);

            long[] bits = new long[count];
            world.Allreduce<long>(mine, bits, Op<long>.BitwiseXor);
            Check(bits.SequenceEqual(Enumerable.Range(0, count).Select(i => everyone.Aggregate(0L, (a, c) => a ^ c[i]))), "allreduce xor", count);

            long[] gathered = new long[me == 0 ? count * n : 0];
            world.Gather<long>(mine, gathered, 0);
            Check(me != 0 || gathered.SequenceEqual(everyone.SelectMany(c => c)), "gather", count);

            long[] all = new long[count * n];
            world.Allgather<long>(mine, all);
            Check(all.SequenceEqual(everyone.SelectMany(c => c)), "allgather", count);

            long[] part = new long[count];
            world.Scatter<long>(me == 0 ? everyone.SelectMany(c => c).ToArray() : [], part, 0);
            Check(part.SequenceEqual(everyone[me]), "scatter", count);

            long[] scan = new long[count];
            world.Scan<long>(mine, scan, Op<long>.Sum);
            Check(scan.SequenceEqual(Enumerable.Range(0, count).Select(i => everyone.Take(me + 1).Sum(c => c[i]))), "scan", count);

            long[] exscan = new long[count];
            world.Exscan<long>(mine, exscan, Op<long>.Sum);
            Check(me == 0 || exscan.SequenceEqual(Enumerable.Range(0, count).Select(i => everyone.Take(me).Sum(c => c[i]))), "exscan", count);
        }

        // Alltoall: block r of rank s holds s * 100 + r.
        long[] send = Enumerable.Range(0, n).Select(r => (long)me * 100 + r).ToArray();
        long[] received = new long[n];
        world.Alltoall<long>(send, received);
        Check(received.SequenceEqual(Enumerable.Range(0, n).Select(s => (long)s * 100 + me)), "alltoall", 1);

        // v-variants: rank r contributes r + 1 elements.
        int[] counts = Enumerable.Range(0, n).Select(r => r + 1).ToArray();
        int[] displacements = counts.Select((c, r) => counts.Take(r).Sum()).ToArray();
        double[] block = Enumerable.Repeat((double)me, me + 1).ToArray();
        double[] allv = new double[counts.Sum()];
        world.Allgatherv<double>(block, allv, counts, displacements);
        Check(allv.SequenceEqual(Enumerable.Range(0, n).SelectMany(r => Enumerable.Repeat((double)r, r + 1))), "allgatherv", 1);

        // User operations that are associative but not commutative: "keep the left" must give rank 0's value and
        // "keep the right" the last rank's, which only holds when values are combined in rank order.
        var left = Op<long>.Create((a, b) => a, commutative: false);
        var right = Op<long>.Create((a, b) => b, commutative: false);
        Check(world.Allreduce((long)me, left) == 0 && world.Allreduce((long)me, right) == n - 1, "non-commutative allreduce", 1);
        Check(world.Scan((long)me, right) == me && world.Scan((long)me, left) == 0, "non-commutative scan", 1);

        // Split into even and odd ranks, reversed by key, then Dup.
        Comm half = world.Split(me % 2, -me)!;
        Check(half.Size == (n + 1 - me % 2) / 2 && half.Rank == (half.Size - 1 - me / 2), "split numbering", 1);
        Check(half.Allreduce(1, Op<int>.Sum) == half.Size, "split allreduce", 1);
        Comm copy = world.Dup();
        Check(copy.Allreduce(me, Op<int>.Sum) == n * (n - 1) / 2, "dup allreduce", 1);

        // Many small allreduces in a row, each with new values: a round must never read a mailbox or slot of the
        // round before or after it.
        for (int round = 0; round < 2000; round++)
        {
            long total = world.Allreduce((long)me * round + round % 7, Op<long>.Sum);
            Check(total == (long)round * n * (n - 1) / 2 + (long)n * (round % 7), $"allreduce round {round}", 1);
        }

        Console.WriteLine($"collectives ok rank {me}");
        return 0;
    }

    /// <summary>Throws when a collective returned something else than the reference.</summary>
    private static void Check(bool condition, string what, int count)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{what} with {count} elements differs from the serial reference on rank {Comm.World.Rank}");
        }
    }
}
