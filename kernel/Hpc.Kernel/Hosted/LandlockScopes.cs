namespace Hpc.Hosted;

/// <summary>Landlock's IPC scopes (<c>LANDLOCK_SCOPE_*</c>, ABI 6): what a domain may not reach outside itself.</summary>
[Flags]
internal enum LandlockScopes : ulong
{
    /// <summary>No scope.</summary>
    None = 0,

    /// <summary>No connecting to abstract UNIX sockets created outside the domain.</summary>
    AbstractUnixSocket = 1UL << 0,

    /// <summary>No signals to processes outside the domain (e.g. the proxy).</summary>
    Signal = 1UL << 1,
}
