using System.Diagnostics;
using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>
/// The directories a job may use, each read-only or read-write, opened once (O_PATH|O_DIRECTORY) so every request is
/// resolved by the kernel beneath one of them. Dispose closes the descriptors.
/// </summary>
internal sealed partial class FileRoots : IDisposable
{
    /// <summary>The roots that were opened, in configuration order.</summary>
    private readonly OpenedRoot[] _opened;

    /// <summary>Set by <see cref="Dispose"/>.</summary>
    private bool _disposed;

    /// <summary>Opens the roots. Roots that do not exist or are not directories are skipped and listed in <see cref="Skipped"/>.</summary>
    /// <param name="roots">Directory paths (absolute, or relative to <paramref name="workingDirectory"/>) and whether each is writable.</param>
    /// <param name="workingDirectory">Absolute directory that relative job paths start from (normally itself a root).</param>
    /// <exception cref="ArgumentException">A path is null, empty, holds a NUL, or the working directory is not absolute.</exception>
    public FileRoots(IEnumerable<(string Path, bool Writable)> roots, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        if (!workingDirectory.StartsWith('/') || workingDirectory.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The working directory must be an absolute path without NUL.", nameof(workingDirectory));
        }

        WorkingDirectory = JobPath.Normalize(workingDirectory, "/", out _, out _);
        var opened = new List<OpenedRoot>();
        var skipped = new List<SkippedFileRoot>();
        foreach ((string path, bool writable) in roots)
        {
            if (string.IsNullOrEmpty(path) || path.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("A root path is empty or holds a NUL.", nameof(roots));
            }

            var root = new FileRoot(JobPath.Normalize(path, WorkingDirectory, out _, out _), writable);
            if (opened.Exists(o => o.Root.Path == root.Path))
            {
                skipped.Add(new SkippedFileRoot(root, LinuxErrno.EEXIST));
                continue;
            }

            // Trusted configuration: the root path itself may go through symlinks.
            int fd = LibC.Openat2(
                LibC.AtCurrentDirectory, root.Path, (ulong)(JobOpenFlags.HostPath | JobOpenFlags.HostDirectory | JobOpenFlags.HostCloseOnExec), 0, 0);
            if (fd < 0)
            {
                skipped.Add(new SkippedFileRoot(root, -fd));
                continue;
            }

            opened.Add(new OpenedRoot(root, fd, LibC.DescriptorPath(fd) ?? root.Path));
        }

        _opened = [.. opened];
        ComputeWriteExclusions(_opened);
        Roots = Array.AsReadOnly(Array.ConvertAll(_opened, o => o.Root));
        Skipped = skipped.AsReadOnly();
    }

    /// <summary>The normalized working directory.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The roots being served, normalized, in configuration order.</summary>
    public IReadOnlyList<FileRoot> Roots { get; }

    /// <summary>Configured roots that are not served, and why.</summary>
    public IReadOnlyList<SkippedFileRoot> Skipped { get; }

    /// <summary>True after <see cref="Dispose"/>: the descriptors are closed and nothing may be resolved.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>
    /// Validates and normalizes a job path and picks the most specific root holding it.
    /// Returns 0, or -EINVAL/-ENAMETOOLONG for a bad string, -EACCES when no root holds it.
    /// </summary>
    public int Resolve(string? path, out RootedPath rooted)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        rooted = default;
        int valid = JobPath.Validate(path);
        if (valid < 0)
        {
            return valid;
        }

        string full = JobPath.Normalize(path!, WorkingDirectory, out bool mustBeDirectory, out bool endsInDot);
        OpenedRoot? best = null;
        int bestLength = -1;
        string bestRelative = "";
        foreach (OpenedRoot root in _opened)
        {
            // A job may name a root by its configured path or by the path the kernel reports (e.g. from getcwd).
            foreach (string prefix in (ReadOnlySpan<string>)[root.Root.Path, root.RealPath])
            {
                if (prefix.Length > bestLength && JobPath.TryRelative(full, prefix, out string relative))
                {
                    best = root;
                    bestLength = prefix.Length;
                    bestRelative = relative;
                }
            }
        }

        if (best is null)
        {
            return -LinuxErrno.EACCES;
        }

        rooted = new RootedPath(best, bestRelative, mustBeDirectory, endsInDot);
        return 0;
    }

    /// <summary>Closes the root descriptors.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (OpenedRoot root in _opened)
        {
            _ = LibC.Close(root.Fd);
            root.Fd = -1;
        }
    }

    /// <summary>
    /// For each writable root, lists the read-only roots nested in it (by configured path or by real path), so a
    /// write through the outer root cannot reach them. A read-only root that is the same directory as a writable one
    /// (an alias) excludes the whole writable root: the stricter setting wins.
    /// </summary>
    private static void ComputeWriteExclusions(OpenedRoot[] roots)
    {
        foreach (OpenedRoot outer in roots)
        {
            if (!outer.Root.Writable)
            {
                continue;
            }

            var exclusions = new List<string>();
            foreach (OpenedRoot inner in roots)
            {
                if (inner.Root.Writable)
                {
                    continue;
                }

                Debug.Assert(!ReferenceEquals(inner, outer), "a root is either writable or not");
                if (JobPath.TryRelative(inner.Root.Path, outer.Root.Path, out string lexical))
                {
                    exclusions.Add(lexical);
                }

                if (JobPath.TryRelative(inner.RealPath, outer.RealPath, out string real))
                {
                    exclusions.Add(real);
                }
            }

            outer.WriteExclusions = exclusions.AsReadOnly();
        }
    }
}
