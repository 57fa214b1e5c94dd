using Hpc.Mpi;

namespace Hpc.Benchmarks.Mpi;

/// <summary>
/// Runs every measured path until the runtime has compiled it at its final tier, before anything is timed. A C peer
/// runs optimised code from its first call; tiered JIT first runs quick, unoptimised code and recompiles what is hot
/// only after 30 calls and a delay of 100 ms without new tier-0 code, so the first size timed (8 B) was measured
/// partly on tier-0 code (≈ 5–10 µs where steady state is ≈ 0.3 µs). The batch -1 warm-up of each size is far
/// shorter than that delay.
/// </summary>
internal static class Warmup
{
    /// <summary>How long the loop runs: several tier-up delays, so background recompilation has long finished.</summary>
    private static readonly TimeSpan s_duration = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ping-pong and a window of nonblocking messages between ranks 0 and 1, a barrier and an allreduce on all ranks,
    /// until rank 0 has seen <see cref="s_duration"/> pass (it decides for all through the allreduce).
    /// </summary>
    public static void Run(Comm comm)
    {
        byte[] buffer = GC.AllocateArray<byte>(8 * Plan.Window, pinned: true);
        var requests = new Request[Plan.Window];
        long start = Clock.Now();
        bool more = true;
        while (more)
        {
            if (comm.Rank < 2 && comm.Size >= 2)
            {
                int partner = 1 - comm.Rank;
                for (int i = 0; i < 100; i++)
                {
                    if (comm.Rank == 0)
                    {
                        comm.Send<byte>(buffer.AsSpan(0, 8), partner, Plan.DataTag);
                        comm.Recv<byte>(buffer.AsSpan(0, 8), partner, Plan.DataTag);
                    }
                    else
                    {
                        comm.Recv<byte>(buffer.AsSpan(0, 8), partner, Plan.DataTag);
                        comm.Send<byte>(buffer.AsSpan(0, 8), partner, Plan.DataTag);
                    }
                }

                for (int j = 0; j < Plan.Window; j++)
                {
                    Memory<byte> slot = buffer.AsMemory(8 * j, 8);
                    requests[j] = comm.Rank == 0 ? comm.Isend<byte>(slot, partner, Plan.DataTag) : comm.Irecv(slot, partner, Plan.DataTag);
                }

                Request.WaitAll(requests.AsSpan());
            }

            comm.Barrier();
            bool mine = comm.Rank == 0 && Clock.MicrosecondsSince(start) < s_duration.TotalMicroseconds;
            more = comm.Allreduce(mine ? 1 : 0, Op<int>.Max) != 0;
        }
    }
}
