namespace Hpc.Hosted;

/// <summary>What a hosted isle is confined to: its cpus, the paths it may read or write, and the proxy that started it.</summary>
internal sealed record IsleConfinementSpec
{
    /// <summary>The cpus every thread of the isle is pinned to (at least one).</summary>
    public required IReadOnlyList<int> Cpus { get; init; }

    /// <summary>Directories or files the isle may read and execute beneath (besides what the runtime itself needs).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Directories or files the isle may read, write, create and remove beneath (e.g. the segment file).</summary>
    public IReadOnlyList<string> ReadWritePaths { get; init; } = [];

    /// <summary>
    /// Paths that stay read-only even beneath a writable path (the user's read-only roots, the runtime's own files).
    /// Enforced by the isle's read-only mount view, so only when <see cref="OwnNamespaces"/> is set.
    /// </summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>
    /// True when the isle was started in namespaces of its own (mount, pid, network, IPC; see the proxy's
    /// IsleNamespaces): it then builds its read-only mount view and its parent is the namespace's init.
    /// </summary>
    public bool OwnNamespaces { get; init; }

    /// <summary>A pids cgroup directory the isle joins before anything else (bounds what a fork bomb can take), or null.</summary>
    public string? PidsCgroup { get; init; }

    /// <summary>
    /// Without <see cref="PidsCgroup"/> (no cgroup hermit-run may write, e.g. unprivileged), this many tasks become
    /// the isle's RLIMIT_NPROC, which in the isle's own user namespace counts only the isle's tasks. 0: no limit.
    /// </summary>
    public int MaxProcesses { get; init; }

    /// <summary>The proxy's pid: if the isle's parent is not this process any more, confinement fails. Null: no check.</summary>
    public int? ExpectedParentPid { get; init; }
}
