using System.Text;

namespace Hpc.Proxy.Serving;

/// <summary>
/// Where ranks' console output meets the terminal. Output is kept per rank and stream and written in whole lines,
/// so lines of different ranks never interleave mid-line; with tagging every line starts with <c>[rank] </c>. A
/// line still open when the proxy falls idle (a progress prompt) is written as it is. No rank's bytes may pass for
/// another rank's line or for hermit-run's own (see <see cref="LineGuard"/>): with tagging, controls that move the
/// cursor are shown escaped; without, a line that holds such controls or shows <c>hermit-run</c> is written tagged
/// and escaped. A line left open (written as it was when the proxy fell idle) is ended when another source writes to
/// the same stream or when its rank ends, so unfinished lines of different ranks never run together. Writing itself
/// is left to <see cref="ConsoleStreamWriter"/>s, so the proxy never waits on a pipe. With output files
/// (<see cref="RankOutputFiles"/>) ranks' bytes go there instead.
/// </summary>
internal sealed class ConsoleSink
{
    /// <summary>Bytes gathered before they go to the writer (the proxy's own buffering).</summary>
    private const int HandOverBytes = 1 << 16;

    /// <summary>Sent after a part that set colours, so they cannot spill onto the lines that follow.</summary>
    private static readonly byte[] s_resetColours = "\u001b[0m"u8.ToArray();

    /// <summary>Prefix each line with the rank.</summary>
    private readonly bool _tag;
    /// <summary>Standard output's writer.</summary>
    private readonly ConsoleStreamWriter _stdout;
    /// <summary>Standard error's writer.</summary>
    private readonly ConsoleStreamWriter _stderr;
    /// <summary>Standard output gathered for its writer.</summary>
    private readonly MemoryStream _stdoutBuffer = new();
    /// <summary>Standard error gathered for its writer.</summary>
    private readonly MemoryStream _stderrBuffer = new();
    /// <summary>Per source (rank or isle) and stream: bytes of the line not yet ended.</summary>
    private readonly Dictionary<(int Source, bool Error), OpenLine> _open = [];
    /// <summary>Ranks' output files, or null when everything goes to the terminal.</summary>
    private readonly RankOutputFiles? _files;
    /// <summary>The line whose bytes standard output shows last (open on the terminal unless it is at its start).</summary>
    private OpenLine? _stdoutShown;
    /// <summary>The line whose bytes standard error shows last.</summary>
    private OpenLine? _stderrShown;

    /// <summary>Writes to the given streams inline (memory streams in tests).</summary>
    public ConsoleSink(bool tag, Stream stdout, Stream stderr, OutputFileNames? files = null)
        : this(tag, ConsoleStreamWriter.Inline(stdout), ConsoleStreamWriter.Inline(stderr), files)
    {
    }

    /// <summary>Writes through the given writers.</summary>
    public ConsoleSink(bool tag, ConsoleStreamWriter stdout, ConsoleStreamWriter stderr, OutputFileNames? files = null)
    {
        _files = files is null ? null : new RankOutputFiles(files);
        _tag = tag;
        _stdout = stdout;
        _stderr = stderr;
    }

    /// <summary>
    /// The sink of hermit-run itself: its standard output and error, each written on its own thread. Plain file
    /// streams on descriptors 1 and 2, not Console's streams: those take one lock for both, so a blocked standard
    /// output would hold back standard error and the proxy's last message.
    /// </summary>
    public static ConsoleSink ForProcess(bool tag, OutputFileNames? files = null) => new(tag,
        ConsoleStreamWriter.Threaded(new DescriptorStream(1), "hermit-run stdout"),
        ConsoleStreamWriter.Threaded(new DescriptorStream(2), "hermit-run stderr"),
        files);

    /// <summary>True while the terminal (or pipe) is behind: the proxy then leaves ranks' output in their rings.</summary>
    public bool IsCongested => _stdout.IsCongested || _stderr.IsCongested;

    /// <summary>Sets what to call when a congested stream has room again.</summary>
    public void OnRoom(Action room)
    {
        _stdout.OnRoom(room);
        _stderr.OnRoom(room);
    }

    /// <summary>Writes output of rank <paramref name="rank"/> (or, negative, of isle -rank-1).</summary>
    public void Write(int rank, bool error, ReadOnlySpan<byte> bytes)
    {
        if (_files is not null && _files.Takes(rank, error))
        {
            bool written = _files.Write(rank, error, bytes);
            ReportFileProblems();
            if (written)
            {
                return;
            }
        }

        if (!_open.TryGetValue((rank, error), out OpenLine? line))
        {
            line = new OpenLine(Tag(rank));
            _open[(rank, error)] = line;
        }

        MemoryStream target = error ? _stderrBuffer : _stdoutBuffer;
        int lastEnd = bytes.LastIndexOf((byte)'\n');
        if (lastEnd < 0)
        {
            line.Pending.Write(bytes);
            return;
        }

        // Complete lines: the pending start and each line of this record up to its last line end, one at a time.
        ReadOnlySpan<byte> complete = bytes[..(lastEnd + 1)];
        while (!complete.IsEmpty)
        {
            int end = complete.IndexOf((byte)'\n');
            line.Pending.Write(complete[..(end + 1)]);
            WritePending(line, target);
            line.EndLine();
            complete = complete[(end + 1)..];
        }

        line.Pending.Write(bytes[(lastEnd + 1)..]);
        HandOverIfFull();
    }

    /// <summary>Rank <paramref name="rank"/> ended: a line it left unfinished is ended, so the next output starts a line of its own.</summary>
    public void EndLines(int rank)
    {
        foreach (bool error in (ReadOnlySpan<bool>)[false, true])
        {
            if (_open.TryGetValue((rank, error), out OpenLine? line) && (line.Pending.Length > 0 || !line.AtLineStart))
            {
                MemoryStream target = error ? _stderrBuffer : _stdoutBuffer;
                WritePending(line, target);
                target.WriteByte((byte)'\n');
                line.EndLine();
            }
        }
    }

    /// <summary>
    /// Writes a message of the proxy itself (already a whole line) to standard error, on a line of its own: a rank's
    /// open line is ended first.
    /// </summary>
    public void Report(string message)
    {
        FlushOpenLines();
        foreach (((int _, bool error), OpenLine line) in _open)
        {
            if (!line.AtLineStart)
            {
                (error ? _stderrBuffer : _stdoutBuffer).WriteByte((byte)'\n');
                line.EndLine();
            }
        }

        HandOver(_stdoutBuffer, _stdout);
        _stderrBuffer.Write(Encoding.UTF8.GetBytes(message.EndsWith('\n') ? message : message + "\n"));
        HandOver(_stderrBuffer, _stderr);
    }

    /// <summary>Writes open lines as they are and hands everything to the writers (the proxy is about to idle).</summary>
    public void Flush()
    {
        _files?.Flush();
        FlushOpenLines();
        HandOver(_stdoutBuffer, _stdout);
        HandOver(_stderrBuffer, _stderr);
    }

    /// <summary>At the end of the job: ends any line a rank left open and hands everything to the writers.</summary>
    public void Finish()
    {
        _files?.Close();
        foreach (((int _, bool error), OpenLine line) in _open)
        {
            if (line.Pending.Length > 0 || !line.AtLineStart)
            {
                MemoryStream target = error ? _stderrBuffer : _stdoutBuffer;
                WritePending(line, target);
                target.WriteByte((byte)'\n');
                line.EndLine();
            }
        }

        HandOver(_stdoutBuffer, _stdout);
        HandOver(_stderrBuffer, _stderr);
    }

    /// <summary>
    /// Waits until everything handed over has reached the streams, at most <paramref name="limit"/> and no longer
    /// than <paramref name="cancel"/> allows; false when output was left unwritten.
    /// </summary>
    public bool WaitWritten(TimeSpan limit, CancellationToken cancel)
    {
        long end = limit < TimeSpan.Zero ? long.MaxValue : Environment.TickCount64 + (long)Math.Min(limit.TotalMilliseconds, int.MaxValue);
        bool stdout = _stdout.WaitWritten(limit, cancel);
        TimeSpan left = end == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(0, end - Environment.TickCount64));
        return _stderr.WaitWritten(left, cancel) && stdout;
    }

    /// <summary>
    /// Waits until the proxy's own messages have reached standard error, at most <paramref name="limit"/>, whatever
    /// standard output does; false when they were left unwritten.
    /// </summary>
    public bool WaitReported(TimeSpan limit) => _stderr.WaitWritten(limit, CancellationToken.None);

    /// <summary>Writes every open line's pending bytes without ending the line.</summary>
    private void FlushOpenLines()
    {
        foreach (((int _, bool error), OpenLine line) in _open)
        {
            if (line.Pending.Length > 0)
            {
                WritePending(line, error ? _stderrBuffer : _stdoutBuffer);
            }
        }
    }

    /// <summary>
    /// Writes a line's pending bytes: tagged if they start a line (always with tagging; without, when the line is
    /// guarded), escaped when they hold unsafe controls.
    /// </summary>
    private void WritePending(OpenLine line, MemoryStream target)
    {
        ref OpenLine? shown = ref target == _stderrBuffer ? ref _stderrShown : ref _stdoutShown;
        if (shown is not null && shown != line && !shown.AtLineStart)
        {
            // Another source's unfinished line is on the terminal: end it there, or the two would run together.
            target.WriteByte((byte)'\n');
            shown.EndLine();
        }

        shown = line;
        ReadOnlySpan<byte> part = line.Pending.GetBuffer().AsSpan(0, (int)line.Pending.Length);
        bool safe = line.Guard.IsSafe(part, out bool colours);
        if (!_tag && !line.Guarded && (!safe || line.Guard.ShowsProxyMark))
        {
            // From here on the line is shown as the rank's: on a line of its own, tagged and escaped.
            if (!line.AtLineStart)
            {
                target.WriteByte((byte)'\n');
                line.AtLineStart = true;
            }

            line.Guarded = true;
        }

        if (line.AtLineStart && (_tag || line.Guarded))
        {
            target.Write(line.Tag);
        }

        line.AtLineStart = false;
        if (safe && !line.Guarded)
        {
            target.Write(part);
            if (colours)
            {
                target.Write(s_resetColours);
            }
        }
        else
        {
            LineGuard.WriteEscaped(target, part);
        }

        line.Pending.SetLength(0);
    }

    /// <summary>Says once on standard error which output files could not be written (their output comes here instead).</summary>
    private void ReportFileProblems()
    {
        if (_files is { Problems.Count: > 0 })
        {
            foreach (string problem in _files.Problems)
            {
                Report($"hermit-run: cannot write {problem}; that output comes here instead");
            }

            _files.Problems.Clear();
        }
    }

    /// <summary>Hands the gathered bytes to the writers once there are enough of them.</summary>
    private void HandOverIfFull()
    {
        if (_stdoutBuffer.Length >= HandOverBytes)
        {
            HandOver(_stdoutBuffer, _stdout);
        }

        if (_stderrBuffer.Length >= HandOverBytes)
        {
            HandOver(_stderrBuffer, _stderr);
        }
    }

    /// <summary>Passes <paramref name="buffer"/>'s bytes to <paramref name="writer"/> and empties it.</summary>
    private static void HandOver(MemoryStream buffer, ConsoleStreamWriter writer)
    {
        writer.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.SetLength(0);
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
        /// <summary>Untagged output: the current line is shown tagged and escaped (it tried to pass for another's).</summary>
        public bool Guarded { get; set; }
        /// <summary>Follows the current line as the terminal shows it.</summary>
        public LineGuard Guard { get; } = new();

        /// <summary>The line ended: the next byte starts a new one.</summary>
        public void EndLine()
        {
            AtLineStart = true;
            Guarded = false;
            Guard.Reset();
        }
    }
}
