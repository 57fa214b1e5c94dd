using Hpc.Protocol;

namespace Hpc.Isles;

/// <summary>
/// Rank 0's standard input: hermit-run's own, asked of the proxy a piece at a time (<see cref="ProxyOp.StdinRead"/>).
/// While none has arrived the rank waits for its doorbell (under its isle's scheduler the core goes to other ranks);
/// the proxy never holds the request, so other threads of the rank can print meanwhile.
/// </summary>
internal sealed unsafe class ForwardedStdinStream : Stream
{
    /// <summary>The longest a thread outside the isle scheduler sleeps between two asks.</summary>
    private const int MaxNapMilliseconds = 10;

    /// <summary>The rank's connection to the proxy.</summary>
    private readonly ProxyConnection _proxy;
    /// <summary>The rank's doorbell, rung by the proxy when input arrives.</summary>
    private readonly int* _doorbell;

    /// <summary>Reads through <paramref name="proxy"/>, woken by <paramref name="doorbell"/>.</summary>
    public ForwardedStdinStream(ProxyConnection proxy, int* doorbell)
    {
        _proxy = proxy;
        _doorbell = doorbell;
    }

    /// <summary>True.</summary>
    public override bool CanRead => true;
    /// <summary>False.</summary>
    public override bool CanSeek => false;
    /// <summary>False.</summary>
    public override bool CanWrite => false;
    /// <summary>Not supported.</summary>
    public override long Length => throw new NotSupportedException();
    /// <summary>Not supported.</summary>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads what has arrived, waiting until something has; 0 at the end of input.</summary>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int nap = 0;
        var parameters = new FileParams { Count = Math.Min(buffer.Length, _proxy.ReplyCapacity) };
        while (true)
        {
            // Read before asking: the reply rings the doorbell once, so only a further ring (input arrived, or
            // anything else: a spurious wake only costs one more ask) may end the wait; none can be missed.
            int seen = Volatile.Read(ref *_doorbell);
            long result = _proxy.Call(ProxyOp.StdinRead, in parameters, default, buffer, out int length, out _);
            if (result >= 0)
            {
                return length;
            }

            if (result != -LinuxErrno.EAGAIN)
            {
                throw new IOException($"reading standard input failed (errno {-result})");
            }

            if (Scheduling.IsleScheduler.Current is { } task && task.Doorbell == _doorbell)
            {
                RankWaiting.Wait(_doorbell, seen + 1);
            }
            else
            {
                // Another thread of the rank: it cannot sleep on the doorbell (its sleeping flag is the scheduler's).
                nap = Math.Min(MaxNapMilliseconds, nap + 1);
                Thread.Sleep(nap);
            }
        }
    }

    /// <summary>Reads into an array.</summary>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Nothing to flush.</summary>
    public override void Flush()
    {
    }

    /// <summary>Not supported.</summary>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <summary>Not supported.</summary>
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <summary>Not supported.</summary>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
