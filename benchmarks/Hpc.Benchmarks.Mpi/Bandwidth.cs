using Hpc.Mpi;

namespace Hpc.Benchmarks.Mpi;

/// <summary>
/// Bandwidth as OSU's osu_bw: rank 0 posts a window of <see cref="Plan.Window"/> nonblocking sends, rank 1 as
/// many receives; after both wait for all of them, rank 1 acknowledges with 4 bytes.
/// </summary>
internal static class Bandwidth
{
    /// <summary>Sweeps the nonzero sizes of <see cref="Plan.Sizes"/>; rank 0 reports the median MB/s (10⁶ B/s).</summary>
    public static void Run(Comm comm)
    {
        byte[] sendBuffer = GC.AllocateArray<byte>(Plan.MaxSize, pinned: true);
        byte[] receiveBuffer = GC.AllocateArray<byte>(Plan.MaxSize, pinned: true);
        sendBuffer.AsSpan().Fill((byte)'a');
        receiveBuffer.AsSpan().Fill((byte)'b');
        var requests = new Request[Plan.Window];
        Span<int> ack = stackalloc int[1];
        Span<double> batchMegabytesPerSecond = stackalloc double[Plan.Batches];
        foreach (int size in Plan.Sizes)
        {
            if (size == 0)
            {
                continue;
            }

            int windows = Plan.BandwidthWindows(size);
            ReadOnlyMemory<byte> outgoing = sendBuffer.AsMemory(0, size);
            // As osu_bw: every receive of a window lands in the same buffer.
            Memory<byte> incoming = receiveBuffer.AsMemory(0, size);
            comm.Barrier();
            for (int batch = -1; batch < Plan.Batches; batch++)
            {
                long start = Clock.Now();
                for (int window = 0; window < windows; window++)
                {
                    if (comm.Rank == 0)
                    {
                        for (int j = 0; j < Plan.Window; j++)
                        {
                            requests[j] = comm.Isend(outgoing, 1, Plan.DataTag);
                        }

                        Request.WaitAll(requests.AsSpan());
                        comm.Recv(ack, 1, Plan.AckTag);
                    }
                    else if (comm.Rank == 1)
                    {
                        for (int j = 0; j < Plan.Window; j++)
                        {
                            requests[j] = comm.Irecv(incoming, 0, Plan.DataTag);
                        }

                        Request.WaitAll(requests.AsSpan());
                        comm.Send<int>(ack, 0, Plan.AckTag);
                    }
                }

                if (batch >= 0)
                {
                    // Bytes per microsecond are megabytes (10⁶ B) per second.
                    batchMegabytesPerSecond[batch] = (double)size * Plan.Window * windows / Clock.MicrosecondsSince(start);
                }
            }

            if (comm.Rank == 0)
            {
                Report.Line("bandwidth", size, Median.Of(batchMegabytesPerSecond));
            }
        }
    }
}
