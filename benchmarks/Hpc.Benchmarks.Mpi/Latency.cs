using Hpc.Mpi;

namespace Hpc.Benchmarks.Mpi;

/// <summary>One-way latency as OSU's osu_latency: half the round trip of a blocking ping-pong between ranks 0 and 1.</summary>
internal static class Latency
{
    /// <summary>Sweeps the sizes of <see cref="Plan.Sizes"/>; rank 0 reports the median one-way time per size.</summary>
    public static void Run(Comm comm)
    {
        byte[] buffer = GC.AllocateArray<byte>(Plan.MaxSize, pinned: true);
        buffer.AsSpan().Fill((byte)'a');
        Span<double> batchMicroseconds = stackalloc double[Plan.Batches];
        foreach (int size in Plan.Sizes)
        {
            int iterations = Plan.LatencyIterations(size);
            ReadOnlySpan<byte> outgoing = buffer.AsSpan(0, size);
            Span<byte> incoming = buffer.AsSpan(0, size);
            comm.Barrier();
            // Batch -1 warms up: code jitted, buffers touched, both ranks in the loop.
            for (int batch = -1; batch < Plan.Batches; batch++)
            {
                long start = Clock.Now();
                if (comm.Rank == 0)
                {
                    for (int i = 0; i < iterations; i++)
                    {
                        comm.Send(outgoing, 1, Plan.DataTag);
                        comm.Recv(incoming, 1, Plan.DataTag);
                    }
                }
                else if (comm.Rank == 1)
                {
                    for (int i = 0; i < iterations; i++)
                    {
                        comm.Recv(incoming, 0, Plan.DataTag);
                        comm.Send(outgoing, 0, Plan.DataTag);
                    }
                }

                if (batch >= 0)
                {
                    batchMicroseconds[batch] = Clock.MicrosecondsSince(start) / (2.0 * iterations);
                }
            }

            if (comm.Rank == 0)
            {
                Report.Line("latency", size, Median.Of(batchMicroseconds));
            }
        }
    }
}
