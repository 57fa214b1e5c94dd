namespace Hpc.Proxy.Serving;

/// <summary>
/// Where ranks' output goes instead of the terminal: Open MPI's <c>--output-filename DIR</c> (DIR/rank.N/stdout and
/// DIR/rank.N/stderr) or hydra's <c>-outfile-pattern</c>/<c>-errfile-pattern</c> (<c>%r</c> the rank, <c>%h</c> the
/// host name). Paths are absolute, resolved when the command line is read.
/// </summary>
/// <param name="Directory">--output-filename, if given.</param>
/// <param name="StdoutPattern">-outfile-pattern, if given.</param>
/// <param name="StderrPattern">-errfile-pattern, if given.</param>
internal sealed record OutputFileNames(string? Directory, string? StdoutPattern, string? StderrPattern)
{
    /// <summary>The file for rank <paramref name="rank"/>'s standard output or error, or null for the terminal.</summary>
    public string? PathOf(int rank, bool error) =>
        (error ? StderrPattern : StdoutPattern) is { } pattern ? Expand(pattern, rank)
        : Directory is { } directory ? Path.Combine(directory, $"rank.{rank}", error ? "stderr" : "stdout")
        : null;

    /// <summary>Checks a hydra pattern: it must hold %r (files of several ranks would interleave) and no other escape.</summary>
    public static string CheckPattern(string pattern, string option)
    {
        if (!pattern.Contains("%r", StringComparison.Ordinal))
        {
            throw new Cli.RefusalException($"{option} {Cli.ErrorText.Quote(pattern)} names no file per rank: put %r (the rank) in it");
        }

        for (int i = pattern.IndexOf('%'); i >= 0; i = pattern.IndexOf('%', i + 2))
        {
            if (i + 1 >= pattern.Length || pattern[i + 1] is not ('r' or 'h' or '%'))
            {
                throw new Cli.RefusalException($"{option} {Cli.ErrorText.Quote(pattern)}: only %r (rank), %h (host) and %% are known");
            }
        }

        return Path.GetFullPath(pattern);
    }

    /// <summary>The pattern with its escapes replaced.</summary>
    private static string Expand(string pattern, int rank)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 >= pattern.Length)
            {
                text.Append(pattern[i]);
                continue;
            }

            i++;
            _ = pattern[i] switch
            {
                'r' => text.Append(rank),
                'h' => text.Append(Environment.MachineName),
                _ => text.Append(pattern[i]),
            };
        }

        return text.ToString();
    }
}
