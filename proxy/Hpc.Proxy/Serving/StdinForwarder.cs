using Hpc.Protocol;

namespace Hpc.Proxy.Serving;

/// <summary>
/// hermit-run's standard input for rank 0, as mpiexec and srun give it. Nothing is read until rank 0 first asks
/// (a job that never reads its input leaves it to whatever runs after hermit-run); from then on a thread of its own
/// reads ahead into a bounded buffer, so the proxy's loop never waits on a terminal or pipe, and rings rank 0's
/// doorbell whenever input (or its end) arrives.
/// </summary>
internal sealed class StdinForwarder
{
    /// <summary>Bytes read ahead at most (the reading thread waits for room beyond that).</summary>
    private const int Capacity = 1 << 16;

    /// <summary>Opens the input (hermit-run's descriptor 0, or a stream in tests).</summary>
    private readonly Func<Stream> _open;
    /// <summary>Called from the reading thread when input or its end arrived.</summary>
    private readonly Action _arrived;
    /// <summary>Guards the buffer; the reading thread waits on it for room.</summary>
    private readonly object _gate = new();
    /// <summary>Input read and not yet taken, as a ring.</summary>
    private readonly byte[] _buffer = new byte[Capacity];
    /// <summary>Where the unread bytes start in <see cref="_buffer"/>.</summary>
    private int _start;
    /// <summary>Unread bytes.</summary>
    private int _count;
    /// <summary>The input ended (or could not be read): once the buffer is empty, reads return 0.</summary>
    private bool _ended;
    /// <summary>Set by <see cref="Stop"/>: nobody is told of input any more.</summary>
    private bool _stopped;
    /// <summary>The reading thread, started on the first request.</summary>
    private Thread? _reader;

    /// <summary>Forwards what <paramref name="open"/> yields; <paramref name="arrived"/> wakes the reader of it.</summary>
    public StdinForwarder(Func<Stream> open, Action arrived)
    {
        _open = open;
        _arrived = arrived;
    }

    /// <summary>hermit-run's own standard input (descriptor 0, not closed with the stream).</summary>
    public static Stream OpenProcessInput() => new DescriptorStream(0);

    /// <summary>
    /// Takes up to <paramref name="destination"/>'s length of input without waiting: the byte count, 0 at the end
    /// of input, or -EAGAIN when nothing has arrived yet (the doorbell rings when something does).
    /// </summary>
    public long Read(Span<byte> destination)
    {
        lock (_gate)
        {
            if (_reader is null)
            {
                _reader = new Thread(ReadAhead) { IsBackground = true, Name = "hermit-run stdin" };
                _reader.Start();
            }

            if (_count == 0)
            {
                return _ended || destination.IsEmpty ? 0 : -LinuxErrno.EAGAIN;
            }

            int taken = 0;
            while (taken < destination.Length && _count > 0)
            {
                int run = Math.Min(Math.Min(_count, Capacity - _start), destination.Length - taken);
                _buffer.AsSpan(_start, run).CopyTo(destination[taken..]);
                _start = (_start + run) % Capacity;
                _count -= run;
                taken += run;
            }

            Monitor.PulseAll(_gate); // room for the reading thread
            return taken;
        }
    }

    /// <summary>
    /// Stops telling of input: once this returns the arrival callback is never called again (it touches the
    /// segment, which is unmapped after the job). The reading thread may stay blocked on the input; it is a
    /// background thread and ends with hermit-run.
    /// </summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The reading thread: reads while there is room, until the input ends.</summary>
    private void ReadAhead()
    {
        byte[] chunk = new byte[16 * 1024];
        Stream? input = null;
        try
        {
            input = _open();
            while (true)
            {
                int room;
                lock (_gate)
                {
                    while (_count == Capacity && !_stopped)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopped)
                    {
                        return;
                    }

                    room = Capacity - _count;
                }

                int read = input.Read(chunk, 0, Math.Min(room, chunk.Length));
                if (read == 0)
                {
                    break;
                }

                lock (_gate)
                {
                    for (int i = 0; i < read;)
                    {
                        int end = (_start + _count) % Capacity;
                        int run = Math.Min(read - i, Capacity - end);
                        chunk.AsSpan(i, run).CopyTo(_buffer.AsSpan(end));
                        _count += run;
                        i += run;
                    }

                    Arrived();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            // An input that cannot be read (closed, a directory) is an empty one, as for a process.
        }
        finally
        {
            input?.Dispose();
        }

        lock (_gate)
        {
            _ended = true;
            Arrived();
        }
    }

    /// <summary>Tells of input unless stopped; called with the gate held, so <see cref="Stop"/> waits for a call under way.</summary>
    private void Arrived()
    {
        if (!_stopped)
        {
            _arrived();
        }
    }
}
