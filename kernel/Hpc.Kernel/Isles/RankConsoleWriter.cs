using System.Text;

namespace Hpc.Isles;

/// <summary>
/// The isle's Console.Out or Console.Error. Console writers are process-wide, so instead of swapping writers per
/// rank this one looks up the calling rank and appends to that rank's buffer; code outside any rank (the isle's own
/// threads) goes to the isle's fallback buffer, which the proxy prints tagged with the isle.
/// </summary>
internal sealed class RankConsoleWriter : TextWriter
{
    /// <summary>True for Console.Error.</summary>
    private readonly bool _error;
    /// <summary>Buffer for writes from outside any rank.</summary>
    private readonly RankConsoleBuffer _fallback;

    /// <summary>Creates the writer of one stream.</summary>
    public RankConsoleWriter(bool error, RankConsoleBuffer fallback)
    {
        _error = error;
        _fallback = fallback;
        CoreNewLine = ['\n'];
    }

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value) => Target.Write([value]);

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Target.Write(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer) => Target.Write(buffer);

    /// <inheritdoc />
    public override void Write(string? value) => Target.Write(value);

    /// <inheritdoc />
    public override void WriteLine(string? value) => WriteLine(value.AsSpan());

    /// <inheritdoc />
    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        // One call into the buffer, so the line and its end are one record (and one proxy write).
        if (buffer.Length < 1024)
        {
            Span<char> line = stackalloc char[buffer.Length + 1];
            buffer.CopyTo(line);
            line[^1] = '\n';
            Target.Write(line);
            return;
        }

        Target.Write(buffer);
        Target.Write("\n");
    }

    /// <inheritdoc />
    public override void Flush() => Target.Flush();

    /// <summary>The buffer of the calling rank's stream.</summary>
    private RankConsoleBuffer Target
    {
        get
        {
            RankContext? rank = RankContext.Current;
            return (_error ? rank?.Stderr : rank?.Stdout) ?? _fallback;
        }
    }
}
