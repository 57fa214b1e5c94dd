using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <content>Operations on paths: each opens the path (or its parent) beneath the root, then acts on that descriptor.</content>
internal sealed partial class ConfinedFileSystem
{
    /// <summary>
    /// Metadata of <paramref name="path"/>, following symlinks that stay inside the root: 0 or -errno
    /// (EACCES for a link leading out).
    /// </summary>
    /// <param name="owner">The rank asking (any value; paths are not per owner).</param>
    /// <param name="path">Absolute, or relative to the working directory.</param>
    /// <param name="stat">The metadata, or default on failure.</param>
    public int Stat(int owner, string? path, out HostFileStat stat)
    {
        stat = default;
        int resolved = Resolve(path, out RootedPath rooted);
        return resolved < 0 ? resolved : StatFollowing(rooted, out stat);
    }

    /// <summary>
    /// Metadata of <paramref name="path"/> without following a final symlink (a trailing slash follows, as in POSIX,
    /// but still only inside the root): 0 or -errno.
    /// </summary>
    public int LStat(int owner, string? path, out HostFileStat stat)
    {
        stat = default;
        int resolved = Resolve(path, out RootedPath rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        // statx(parent, "link/", NOFOLLOW) would follow the link without RESOLVE_BENEATH: go through openat2 instead.
        if (rooted.IsRoot || rooted.MustBeDirectory)
        {
            return StatFollowing(rooted, out stat);
        }

        int parent = Beneath.OpenParent(rooted, forWrite: false);
        if (parent < 0)
        {
            return parent;
        }

        int result = LibC.Stat(parent, rooted.LastName, LibC.AtSymlinkNoFollow, out stat);
        _ = LibC.Close(parent);
        return result;
    }

    /// <summary>
    /// The text of symbolic link <paramref name="path"/> (the link itself, found beneath the root; its text is not
    /// followed) into <paramref name="text"/>, cut to its size as readlink does: the bytes written or -errno
    /// (EINVAL for a name that is no link, the root itself included).
    /// </summary>
    public int ReadLink(int owner, string? path, Span<byte> text)
    {
        int resolved = Resolve(path, out RootedPath rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        if (rooted.IsRoot)
        {
            return -LinuxErrno.EINVAL;
        }

        int parent = Beneath.OpenParent(rooted, forWrite: false);
        if (parent < 0)
        {
            return parent;
        }

        long result = LibC.ReadLink(parent, rooted.LastName, text);
        _ = LibC.Close(parent);
        return (int)result;
    }

    /// <summary>Creates directory <paramref name="path"/> with <paramref name="mode"/> &amp; 0777: 0 or -errno (EEXIST for a root).</summary>
    public int Mkdir(int owner, string? path, int mode)
    {
        int resolved = ResolveForChange(path, out RootedPath rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        if (rooted.IsRoot)
        {
            return -LinuxErrno.EEXIST;
        }

        int parent = Beneath.OpenParent(rooted, forWrite: true);
        if (parent < 0)
        {
            return parent;
        }

        int result = LibC.MakeDirectory(parent, rooted.LastName, (uint)(mode & PermissionMask));
        _ = LibC.Close(parent);
        return result;
    }

    /// <summary>
    /// Removes a file or symlink (the link, not its target): 0 or -errno; EISDIR for a directory (Linux's unlink
    /// answer, and the root itself), ENOTDIR for <c>file/</c>.
    /// </summary>
    public int Unlink(int owner, string? path) => RemoveName(path, 0, rootError: -LinuxErrno.EISDIR);

    /// <summary>Removes an empty directory: 0 or -errno (ENOTEMPTY, ENOTDIR; EBUSY for a root itself).</summary>
    public int Rmdir(int owner, string? path) => RemoveName(path, LibC.AtRemoveDirectory, rootError: -LinuxErrno.EBUSY);

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/>, both in writable roots (EACCES otherwise). The two may
    /// be in different roots; the kernel answers EXDEV if those are on different mounts. A root itself: EBUSY.
    /// </summary>
    public int Rename(int owner, string? from, string? to)
    {
        int resolved = ResolveForChange(from, out RootedPath source);
        if (resolved < 0)
        {
            return resolved;
        }

        resolved = ResolveForChange(to, out RootedPath target);
        if (resolved < 0)
        {
            return resolved;
        }

        if (source.IsRoot || target.IsRoot)
        {
            return -LinuxErrno.EBUSY;
        }

        int sourceParent = Beneath.OpenParent(source, forWrite: true);
        if (sourceParent < 0)
        {
            return sourceParent;
        }

        int targetParent = Beneath.OpenParent(target, forWrite: true);
        if (targetParent < 0)
        {
            _ = LibC.Close(sourceParent);
            return targetParent;
        }

        int result = LibC.Rename(sourceParent, source.LastName, targetParent, target.LastName);
        _ = LibC.Close(targetParent);
        _ = LibC.Close(sourceParent);
        return result;
    }

    /// <summary>
    /// Appends the entries of directory <paramref name="path"/> (following in-root symlinks; without <c>.</c> and
    /// <c>..</c>; entry symlinks reported as <see cref="HostFileType.Symlink"/>, not followed) and returns how many,
    /// or -errno with <paramref name="entries"/> unchanged: ENOTDIR, EACCES, and E2BIG beyond the entry cap.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null (a proxy bug, not job input).</exception>
    public int ReadDir(int owner, string? path, List<HostDirEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int resolved = Resolve(path, out RootedPath rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        int fd = Beneath.Open(rooted, JobOpenFlags.ReadOnly | JobOpenFlags.HostDirectory | JobOpenFlags.HostForced, 0, forWrite: false);
        if (fd < 0)
        {
            return fd;
        }

        int result = DirectoryListing.ReadAll(fd, entries, _maxDirectoryEntries, _direntBuffer);
        _ = LibC.Close(fd);
        return result;
    }

    /// <summary>Validates and picks the root of a path; throws only when disposed.</summary>
    private int Resolve(string? path, out RootedPath rooted)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _roots.Resolve(path, out rooted);
    }

    /// <summary>
    /// Resolves a path whose last name will be created, removed or renamed: it must be in a writable root (EACCES)
    /// and must not end in <c>.</c> or <c>..</c> (EINVAL).
    /// </summary>
    private int ResolveForChange(string? path, out RootedPath rooted)
    {
        int resolved = Resolve(path, out rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        if (!rooted.Root.Root.Writable)
        {
            return -LinuxErrno.EACCES;
        }

        return rooted.EndsInDot ? -LinuxErrno.EINVAL : 0;
    }

    /// <summary>unlinkat on the last name, in its parent opened beneath the root.</summary>
    private int RemoveName(string? path, int flags, int rootError)
    {
        int resolved = ResolveForChange(path, out RootedPath rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        if (rooted.IsRoot)
        {
            return rootError;
        }

        int parent = Beneath.OpenParent(rooted, forWrite: true);
        if (parent < 0)
        {
            return parent;
        }

        int result = LibC.Unlink(parent, rooted.LastName, flags);
        _ = LibC.Close(parent);
        return result;
    }

    /// <summary>Opens the full path O_PATH beneath the root (following in-root links) and stats the descriptor.</summary>
    private static int StatFollowing(in RootedPath rooted, out HostFileStat stat)
    {
        stat = default;
        int fd = Beneath.Open(rooted, JobOpenFlags.HostPath, 0, forWrite: false);
        if (fd < 0)
        {
            return fd;
        }

        int result = LibC.Stat(fd, "", LibC.AtEmptyPath, out stat);
        _ = LibC.Close(fd);
        return result;
    }
}
