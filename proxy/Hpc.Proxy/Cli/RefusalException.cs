namespace Hpc.Proxy.Cli;

/// <summary>
/// A refused command line whose message already says what to do instead, so it is printed without the usual
/// "(see hermit-run --help)".
/// </summary>
internal sealed class RefusalException : ArgumentException
{
    /// <summary>Refuses with <paramref name="message"/>.</summary>
    public RefusalException(string message)
        : base(message)
    {
    }
}
