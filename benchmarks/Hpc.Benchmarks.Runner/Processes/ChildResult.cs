namespace Hpc.Benchmarks.Runner.Processes;

/// <summary>How a child process ended, what it printed, and how long it took.</summary>
/// <param name="ExitCode">Its exit status (meaningless when <paramref name="TimedOut"/>).</param>
/// <param name="TimedOut">True when it was killed for running past its time limit.</param>
/// <param name="Output">Its standard output, line by line.</param>
/// <param name="Error">Its standard error.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
internal sealed record ChildResult(int ExitCode, bool TimedOut, IReadOnlyList<string> Output, string Error, TimeSpan Elapsed)
{
    /// <summary>True when it exited by itself with status 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>
    /// One line saying why it did not succeed, with the last line of its standard error that is not a stack
    /// frame (for a failed rank, the line naming the exception and its message).
    /// </summary>
    public string Describe()
    {
        string why = TimedOut ? $"killed after {Elapsed.TotalSeconds:0} s" : $"exit status {ExitCode}";
        string? last = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => !line.StartsWith("at ", StringComparison.Ordinal));
        return last is null ? why : $"{why}: {last}";
    }
}
