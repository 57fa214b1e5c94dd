using Hpc.Protocol;

namespace Hpc.Isles;

/// <summary>
/// One rank's pending output on one stream. Text is gathered until a line ends (so a rank that prints a line and
/// then computes for an hour shows it at once) or the buffer fills, then posted to the proxy as one record.
/// </summary>
internal sealed class RankConsoleBuffer
{
    /// <summary>Characters gathered before a record is posted regardless of line ends.</summary>
    private const int Capacity = 4096;

    /// <summary>Where records go.</summary>
    private readonly ProxyConnection _proxy;
    /// <summary>Stdout or Stderr.</summary>
    private readonly ProxyOp _stream;
    /// <summary>Gathered characters.</summary>
    private readonly char[] _buffer = new char[Capacity];
    /// <summary>Serialises writers: Console.Out and Console.Error have separate locks, and tasks of one rank may race.</summary>
    private readonly Lock _lock = new();
    /// <summary>Characters in <see cref="_buffer"/>.</summary>
    private int _count;

    /// <summary>Creates the buffer of one rank's stream.</summary>
    public RankConsoleBuffer(ProxyConnection proxy, ProxyOp stream)
    {
        _proxy = proxy;
        _stream = stream;
    }

    /// <summary>Appends text; posts when a line ended in it or the buffer is full.</summary>
    public void Write(ReadOnlySpan<char> text)
    {
        lock (_lock)
        {
            bool lineEnded = text.Contains('\n');
            while (!text.IsEmpty)
            {
                int take = Math.Min(text.Length, Capacity - _count);
                text[..take].CopyTo(_buffer.AsSpan(_count));
                _count += take;
                text = text[take..];
                if (_count == Capacity)
                {
                    FlushUnsynchronized();
                }
            }

            if (lineEnded)
            {
                FlushUnsynchronized();
            }
        }
    }

    /// <summary>Posts everything gathered.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            FlushUnsynchronized();
        }
    }

    /// <summary>Posts everything gathered; the caller holds the lock.</summary>
    private void FlushUnsynchronized()
    {
        if (_count > 0)
        {
            _proxy.PostText(_stream, _buffer.AsSpan(0, _count));
            _count = 0;
        }
    }
}
