namespace Hpc.Proxy.Serving;

/// <summary>
/// Follows one line of a rank's output as a terminal would show it, so that no rank's bytes can pass for another
/// rank's line or for hermit-run's own: it flags a part of the line that holds a control which moves the cursor or
/// changes the terminal (a lone carriage return, backspace, any escape sequence but colours, C1 controls), ends in
/// the middle of a sequence, or makes the line show <c>hermit-run</c>. Colours (SGR) pass; the sink resets them after
/// the part, so they cannot hide the lines that follow.
/// </summary>
internal sealed class LineGuard
{
    /// <summary>What hermit-run's own lines start with.</summary>
    private static ReadOnlySpan<byte> ProxyMark => "hermit-run"u8;

    /// <summary>The last printable ASCII bytes of the line (as many as the mark is long).</summary>
    private readonly byte[] _recent = new byte[ProxyMark.Length];
    /// <summary>Printable bytes seen in the line (for the window).</summary>
    private int _seen;

    /// <summary>True when the line so far shows hermit-run's mark.</summary>
    public bool ShowsProxyMark { get; private set; }

    /// <summary>
    /// Looks at the next part of the line; returns false when the part holds a control that is not safe to pass
    /// through (the caller escapes it). <paramref name="hasColours"/> says whether it holds colour sequences.
    /// </summary>
    public bool IsSafe(ReadOnlySpan<byte> part, out bool hasColours)
    {
        hasColours = false;
        bool safe = true;
        for (int i = 0; i < part.Length; i++)
        {
            byte b = part[i];
            if (b == 0x1B)
            {
                int end = ColourSequenceEnd(part, i);
                if (end < 0)
                {
                    safe = false;
                    continue;
                }

                hasColours = true;
                i = end;
                continue;
            }

            if (b == (byte)'\r' && i + 1 < part.Length && part[i + 1] == (byte)'\n')
            {
                continue; // a CRLF line end
            }

            if (b is (byte)'\n' or (byte)'\t')
            {
                Remember((byte)' ');
                continue;
            }

            if (b < 0x20 || b == 0x7F || (b == 0xC2 && i + 1 < part.Length && part[i + 1] is >= 0x80 and <= 0x9F))
            {
                safe = false;
                continue;
            }

            if (b < 0x80)
            {
                // Bytes of other characters (zero-width ones among them) do not separate the mark's letters.
                Remember(b);
            }
        }

        return safe;
    }

    /// <summary>Starts a new line.</summary>
    public void Reset()
    {
        _seen = 0;
        ShowsProxyMark = false;
    }

    /// <summary>Writes <paramref name="part"/> with every unsafe control made visible (<c>^M</c>, <c>^[</c>, <c>\x9B</c>).</summary>
    public static void WriteEscaped(Stream target, ReadOnlySpan<byte> part)
    {
        int start = 0;
        for (int i = 0; i < part.Length; i++)
        {
            byte b = part[i];
            bool lineEnd = b == (byte)'\n' || b == (byte)'\t' || (b == (byte)'\r' && i + 1 < part.Length && part[i + 1] == (byte)'\n');
            bool c1 = b == 0xC2 && i + 1 < part.Length && part[i + 1] is >= 0x80 and <= 0x9F;
            if (lineEnd || !(b < 0x20 || b == 0x7F || c1))
            {
                continue;
            }

            target.Write(part[start..i]);
            if (c1)
            {
                target.Write(System.Text.Encoding.ASCII.GetBytes($"\\x{part[i + 1]:X2}"));
                i++;
            }
            else
            {
                target.WriteByte((byte)'^');
                target.WriteByte(b == 0x7F ? (byte)'?' : (byte)(b + 0x40));
            }

            start = i + 1;
        }

        target.Write(part[start..]);
    }

    /// <summary>Adds a printable byte to the window and checks for the mark.</summary>
    private void Remember(byte b)
    {
        _recent[_seen++ % _recent.Length] = b;
        if (_seen < _recent.Length)
        {
            return;
        }

        ReadOnlySpan<byte> mark = ProxyMark;
        for (int k = 0; k < mark.Length; k++)
        {
            if (_recent[(_seen + k) % _recent.Length] != mark[k])
            {
                return;
            }
        }

        ShowsProxyMark = true;
    }

    /// <summary>
    /// The index of the last byte of a colour sequence (ESC [ digits ; : m) starting at <paramref name="start"/>,
    /// or -1 when the escape there is anything else or is not complete within the part.
    /// </summary>
    private static int ColourSequenceEnd(ReadOnlySpan<byte> part, int start)
    {
        if (start + 1 >= part.Length || part[start + 1] != (byte)'[')
        {
            return -1;
        }

        for (int i = start + 2; i < part.Length; i++)
        {
            byte b = part[i];
            if (b == (byte)'m')
            {
                return i;
            }

            if (!(b is >= (byte)'0' and <= (byte)'9' || b == (byte)';' || b == (byte)':'))
            {
                return -1;
            }
        }

        return -1;
    }
}
