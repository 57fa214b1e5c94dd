using BenchmarkDotNet.Attributes;
using Hpc.Mpi;

namespace Hpc.Benchmarks.Micro;

/// <summary>
/// One non-blocking message to oneself, the code path of every Isend/Irecv/Wait: the receive posted first (matched
/// on arrival) or the send first (kept as an unexpected message, then taken). One thread, a world of one rank (no
/// hermit-run), so no cache-line transfer is measured, only the code; the memory diagnoser's column is the target
/// of issue 15 (0 B per operation).
/// </summary>
[MemoryDiagnoser]
public class NonBlockingBenchmarks
{
    /// <summary>The world of this process: one rank.</summary>
    private Comm _world = null!;
    /// <summary>The message.</summary>
    private readonly Memory<long> _outgoing = new long[1];
    /// <summary>Where it lands.</summary>
    private readonly Memory<long> _incoming = new long[1];

    /// <summary>Attaches to the world of one rank.</summary>
    [GlobalSetup]
    public void Setup() => _world = Comm.World;

    /// <summary>Irecv, Isend, Wait both: the receive is posted when the message arrives.</summary>
    [Benchmark]
    public long ReceivePostedFirst()
    {
        Request receive = _world.Irecv(_incoming, 0, 1);
        Request send = _world.Isend<long>(_outgoing, 0, 1);
        send.Wait();
        return receive.Wait().Bytes;
    }

    /// <summary>Isend, Irecv, Wait both: the message waits as an unexpected one until the receive is posted.</summary>
    [Benchmark]
    public long SendFirst()
    {
        Request send = _world.Isend<long>(_outgoing, 0, 2);
        send.Wait();
        Request receive = _world.Irecv(_incoming, 0, 2);
        return receive.Wait().Bytes;
    }
}
