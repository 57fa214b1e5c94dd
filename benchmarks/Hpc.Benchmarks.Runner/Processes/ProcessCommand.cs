namespace Hpc.Benchmarks.Runner.Processes;

/// <summary>A program and its arguments, started without a shell.</summary>
/// <param name="FileName">The program: a path, or a name looked up on PATH.</param>
/// <param name="Arguments">The arguments, each passed as it is.</param>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The command as one would type it (for messages; not quoted for a shell).</summary>
    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
