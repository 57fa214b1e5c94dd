using Hpc.Mpi;

namespace Hpc.Benchmarks.Mpi;

/// <summary>Barrier and 8-byte allreduce latency over all ranks, as OSU's osu_barrier and osu_allreduce.</summary>
internal static class Collectives
{
    /// <summary>Times both collectives; rank 0 reports the median microseconds per operation.</summary>
    public static void Run(Comm comm)
    {
        bool few = Plan.Oversubscribed(comm.Size);
        int warmup = few ? 1 : Plan.Scaled(1000);
        int batches = few ? 10 : Plan.Batches;
        int iterations = few ? 1 : Plan.Scaled(1000);
        Span<double> timed = stackalloc double[batches];

        for (int i = 0; i < warmup; i++)
        {
            comm.Barrier();
        }

        for (int batch = 0; batch < batches; batch++)
        {
            long start = Clock.Now();
            for (int i = 0; i < iterations; i++)
            {
                comm.Barrier();
            }

            timed[batch] = Clock.MicrosecondsSince(start) / iterations;
        }

        if (comm.Rank == 0)
        {
            Report.Line("barrier", comm.Size, Median.Of(timed));
        }

        long value = comm.Rank;
        long sum = 0;
        comm.Barrier();
        for (int i = 0; i < warmup; i++)
        {
            sum = comm.Allreduce(value, Op<long>.Sum);
        }

        for (int batch = 0; batch < batches; batch++)
        {
            long start = Clock.Now();
            for (int i = 0; i < iterations; i++)
            {
                sum = comm.Allreduce(value, Op<long>.Sum);
            }

            timed[batch] = Clock.MicrosecondsSince(start) / iterations;
        }

        long expected = (long)comm.Size * (comm.Size - 1) / 2;
        if (sum != expected)
        {
            throw new InvalidOperationException($"allreduce gave {sum}, expected {expected}");
        }

        if (comm.Rank == 0)
        {
            Report.Line("allreduce", comm.Size, Median.Of(timed));
        }
    }
}
