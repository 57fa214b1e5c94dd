using Hpc.Mpi;

namespace Hpc.Benchmarks.Mpi;

/// <summary>
/// How much computation an Iallreduce hides, as OSU's osu_iallreduce: the pure time of Iallreduce + Wait, then the
/// same with a busy computation of that length between them; overlap = 1 − (total − compute) / pure, in percent
/// (0 when nothing is hidden, 100 when the reduction finished while computing). Rank 0 reports
/// <c>overlap BYTES PERCENT</c> for each size of <see cref="Plan.OverlapSizes"/>; osu_like.c does the same with MPICH.
/// </summary>
internal static class Overlap
{
    /// <summary>Measures every size.</summary>
    public static void Run(Comm comm)
    {
        Span<double> pure = stackalloc double[Plan.Batches];
        Span<double> total = stackalloc double[Plan.Batches];
        foreach (int bytes in Plan.OverlapSizes)
        {
            double[] send = new double[bytes / sizeof(double)];
            double[] receive = new double[send.Length];
            send.AsSpan().Fill(comm.Rank + 1);
            int iterations = Plan.OverlapIterations(bytes);
            for (int batch = -1; batch < Plan.Batches; batch++)
            {
                comm.Barrier();
                long start = Clock.Now();
                for (int i = 0; i < iterations; i++)
                {
                    comm.Iallreduce<double>(send, receive, Op<double>.Sum).Wait();
                }

                if (batch >= 0)
                {
                    pure[batch] = Clock.MicrosecondsSince(start) / iterations;
                }
            }

            // Every rank computes for the same time: rank 0's pure median, shared.
            double compute = comm.Bcast(Median.Of(pure), 0);
            for (int batch = -1; batch < Plan.Batches; batch++)
            {
                comm.Barrier();
                long start = Clock.Now();
                for (int i = 0; i < iterations; i++)
                {
                    Request request = comm.Iallreduce<double>(send, receive, Op<double>.Sum);
                    Busy(compute);
                    request.Wait();
                }

                if (batch >= 0)
                {
                    total[batch] = Clock.MicrosecondsSince(start) / iterations;
                }
            }

            if (receive[0] != comm.Size * (comm.Size + 1) / 2.0)
            {
                throw new InvalidOperationException($"Iallreduce gave {receive[0]}");
            }

            if (comm.Rank == 0)
            {
                double hidden = 1 - ((Median.Of(total) - compute) / Median.Of(pure));
                Report.Line("overlap", bytes, 100 * Math.Clamp(hidden, 0, 1));
            }
        }
    }

    /// <summary>Spins for <paramref name="microseconds"/> without calling the library (the computation to hide).</summary>
    private static void Busy(double microseconds)
    {
        long start = Clock.Now();
        while (Clock.MicrosecondsSince(start) < microseconds)
        {
        }
    }
}
