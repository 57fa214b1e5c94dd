using System.Text;

namespace Hpc.Proxy.Serving;

/// <summary>
/// Where ranks' console output meets the terminal. Output is kept per rank and stream and written in whole lines,
/// so lines of different ranks never interleave mid-line; with tagging every line starts with <c>[rank] </c>. A
/// line still open when the proxy falls idle (a progress prompt) is written as it is.
/// </summary>
internal sealed class ConsoleSink
{
    /// <summary>Prefix each line with the rank.</summary>
    private readonly bool _tag;
    /// <summary>Buffered standard output of the proxy.</summary>
    private readonly Stream _stdout;
    /// <summary>Buffered standard error of the proxy.</summary>
    private readonly Stream _stderr;
    /// <summary>Per source (rank or isle) and stream: bytes of the line not yet ended.</summary>
    private readonly Dictionary<(int Source, bool Error), OpenLine> _open = [];

    /// <summary>Writes to the given streams (the process's own in production, memory in tests).</summary>
    public ConsoleSink(bool tag, Stream stdout, Stream stderr)
    {
        _tag = tag;
        _stdout = new BufferedStream(stdout, 1 << 16);
        _stderr = new BufferedStream(stderr, 1 << 14);
    }

    /// <summary>Writes output of rank <paramref name="rank"/> (or, negative, of isle -rank-1).</summary>
    public void Write(int rank, bool error, ReadOnlySpan<byte> bytes)
    {
        if (!_open.TryGetValue((rank, error), out OpenLine? line))
        {
            line = new OpenLine(Tag(rank));
            _open[(rank, error)] = line;
        }

        Stream target = error ? _stderr : _stdout;
        int lastEnd = bytes.LastIndexOf((byte)'\n');
        if (lastEnd < 0)
        {
            line.Pending.Write(bytes);
            return;
        }

        // Complete lines: the pending start, then every line of this record up to its last line end.
        ReadOnlySpan<byte> complete = bytes[..(lastEnd + 1)];
        while (!complete.IsEmpty)
        {
            int end = complete.IndexOf((byte)'\n');
            WriteLineStart(line, target);
            target.Write(line.Pending.GetBuffer().AsSpan(0, (int)line.Pending.Length));
            line.Pending.SetLength(0);
            target.Write(complete[..(end + 1)]);
            line.AtLineStart = true;
            complete = complete[(end + 1)..];
        }

        line.Pending.Write(bytes[(lastEnd + 1)..]);
    }

    /// <summary>Writes a message of the proxy itself (already a whole line) to standard error.</summary>
    public void Report(string message)
    {
        FlushOpenLines();
        _stdout.Flush();
        _stderr.Write(Encoding.UTF8.GetBytes(message.EndsWith('\n') ? message : message + "\n"));
        _stderr.Flush();
    }

    /// <summary>Writes open lines as they are and pushes everything to the terminal (the proxy is about to idle).</summary>
    public void Flush()
    {
        FlushOpenLines();
        _stdout.Flush();
        _stderr.Flush();
    }

    /// <summary>At the end of the job: ends any line a rank left open and flushes everything.</summary>
    public void Finish()
    {
        foreach (((int _, bool error), OpenLine line) in _open)
        {
            if (line.Pending.Length > 0 || !line.AtLineStart)
            {
                Stream target = error ? _stderr : _stdout;
                WritePending(line, target);
                target.WriteByte((byte)'\n');
                line.AtLineStart = true;
            }
        }

        _stdout.Flush();
        _stderr.Flush();
    }

    /// <summary>Writes every open line's pending bytes without ending the line.</summary>
    private void FlushOpenLines()
    {
        foreach (((int _, bool error), OpenLine line) in _open)
        {
            if (line.Pending.Length > 0)
            {
                WritePending(line, error ? _stderr : _stdout);
            }
        }
    }

    /// <summary>Writes a line's pending bytes, tagged if it starts a line.</summary>
    private void WritePending(OpenLine line, Stream target)
    {
        WriteLineStart(line, target);
        target.Write(line.Pending.GetBuffer().AsSpan(0, (int)line.Pending.Length));
        line.Pending.SetLength(0);
    }

    /// <summary>Writes the tag if the line has not started yet.</summary>
    private void WriteLineStart(OpenLine line, Stream target)
    {
        if (line.AtLineStart && _tag)
        {
            target.Write(line.Tag);
        }

        line.AtLineStart = false;
    }

    /// <summary>The tag of a source: <c>[3] </c> for rank 3, <c>[isle 0] </c> for isle 0's own threads.</summary>
    private static byte[] Tag(int source) =>
        Encoding.ASCII.GetBytes(source >= 0 ? $"[{source}] " : $"[isle {-source - 1}] ");

    /// <summary>The not yet ended line of one source and stream.</summary>
    private sealed class OpenLine(byte[] tag)
    {
        /// <summary>The source's tag.</summary>
        public byte[] Tag { get; } = tag;
        /// <summary>Bytes after the last line end.</summary>
        public MemoryStream Pending { get; } = new();
        /// <summary>True when nothing of the current line has been written yet.</summary>
        public bool AtLineStart { get; set; } = true;
    }
}
