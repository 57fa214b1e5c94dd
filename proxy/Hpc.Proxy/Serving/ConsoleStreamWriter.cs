namespace Hpc.Proxy.Serving;

/// <summary>
/// One of the proxy's output streams, written either inline or on a thread of its own through a queue. The proxy's
/// loop never waits on it: a pipe nobody reads blocks only the writer thread, while the loop goes on watching the
/// deadline, signals and isles, and holds back ranks' output (so the ranks wait for ring space) while the queue is
/// over <see cref="HighWater"/>.
/// </summary>
internal sealed class ConsoleStreamWriter
{
    /// <summary>Queued bytes above which the writer counts as congested.</summary>
    public const long HighWater = 1 << 20;
    /// <summary>Queued bytes below which a congested writer announces room again.</summary>
    private const long LowWater = HighWater / 4;

    /// <summary>The stream written.</summary>
    private readonly Stream _stream;
    /// <summary>Chunks waiting for the writer thread; null when writing inline.</summary>
    private readonly Queue<byte[]>? _queue;
    /// <summary>Guards the queue and the counters.</summary>
    private readonly object _lock = new();
    /// <summary>Bytes queued or being written.</summary>
    private long _queued;
    /// <summary>True once the stream failed (a closed pipe): everything from then on is dropped.</summary>
    private bool _broken;
    /// <summary>Called (on the writer thread) when a congested queue has room again.</summary>
    private Action? _room;

    /// <summary>Writes to <paramref name="stream"/>; on a thread named <paramref name="threadName"/> unless null.</summary>
    private ConsoleStreamWriter(Stream stream, string? threadName)
    {
        _stream = stream;
        if (threadName is not null)
        {
            _queue = new Queue<byte[]>();
            // A background thread: at the end hermit-run exits even if this thread is stuck in write(2).
            new Thread(WriteLoop) { Name = threadName, IsBackground = true }.Start();
        }
    }

    /// <summary>A writer that writes on the caller's thread (tests, memory streams).</summary>
    public static ConsoleStreamWriter Inline(Stream stream) => new(stream, null);

    /// <summary>A writer with its own thread (the process's own standard output and error).</summary>
    public static ConsoleStreamWriter Threaded(Stream stream, string name) => new(stream, name);

    /// <summary>True while more than <see cref="HighWater"/> bytes wait to be written.</summary>
    public bool IsCongested => Interlocked.Read(ref _queued) > HighWater;

    /// <summary>Sets what to call when a congested queue has room again (wakes the proxy's loop).</summary>
    public void OnRoom(Action room) => _room = room;

    /// <summary>Queues <paramref name="bytes"/> (copied; never blocks on the stream unless inline).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_queue is null)
        {
            WriteNow(bytes);
            return;
        }

        lock (_lock)
        {
            if (_broken)
            {
                return;
            }

            _queue.Enqueue(bytes.ToArray());
            _queued += bytes.Length;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// Waits until everything queued has been written, at most until <paramref name="limit"/> has passed or
    /// <paramref name="cancel"/> fires; false when it had to give up.
    /// </summary>
    public bool WaitWritten(TimeSpan limit, CancellationToken cancel)
    {
        if (_queue is null)
        {
            return true;
        }

        long end = limit < TimeSpan.Zero ? long.MaxValue : Environment.TickCount64 + (long)Math.Min(limit.TotalMilliseconds, int.MaxValue);
        lock (_lock)
        {
            while (_queued > 0 && !_broken)
            {
                long left = end - Environment.TickCount64;
                if (left <= 0 || cancel.IsCancellationRequested)
                {
                    return false;
                }

                // Short naps: the token has no hook into this monitor.
                Monitor.Wait(_lock, (int)Math.Min(left, 50));
            }

            return true;
        }
    }

    /// <summary>The writer thread: takes chunks off the queue and writes them, as slowly as the stream takes them.</summary>
    private void WriteLoop()
    {
        while (true)
        {
            byte[] chunk;
            lock (_lock)
            {
                while (_queue!.Count == 0)
                {
                    Monitor.Wait(_lock);
                }

                chunk = _queue.Dequeue();
            }

            bool written = WriteNow(chunk);
            bool announce;
            lock (_lock)
            {
                long before = _queued;
                if (!written)
                {
                    _broken = true;
                    _queue.Clear();
                    _queued = 0;
                }
                else
                {
                    _queued -= chunk.Length;
                }

                announce = before > LowWater && _queued <= LowWater;
                Monitor.PulseAll(_lock);
            }

            if (announce)
            {
                _room?.Invoke();
            }
        }
    }

    /// <summary>Writes and flushes; false when the stream failed.</summary>
    private bool WriteNow(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream.Write(bytes);
            _stream.Flush();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
