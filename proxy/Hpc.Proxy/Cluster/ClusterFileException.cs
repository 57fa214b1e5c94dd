namespace Hpc.Proxy.Cluster;

/// <summary>A cluster file that cannot be used; the message is one line, <c>FILE:LINE:COL: what is wrong</c>.</summary>
internal sealed class ClusterFileException : Exception
{
    /// <summary>Creates the exception for a problem at a 1-based position (0:0 when it concerns the whole file).</summary>
    public ClusterFileException(string path, int line, int column, string problem, Exception? inner = null)
        : base($"{path}:{line}:{column}: {problem}", inner)
    {
        Path = path;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file as it was named to the reader.</summary>
    public string Path { get; }

    /// <summary>The 1-based line of the problem, 0 when the file could not be read at all.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the problem, 0 when the file could not be read at all.</summary>
    public int Column { get; }

    /// <summary>The problem without the position prefix.</summary>
    public string Problem { get; }
}
