using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>
/// Serves a job's forwarded file calls, confined to its <see cref="FileRoots"/>: one instance per job, shared by all
/// ranks, called from the single proxy thread (no locking). Every input may be garbage: methods never throw for it and
/// return <c>&gt;= 0</c> on success or <c>-errno</c> (Linux values, see <see cref="LinuxErrno"/>).
/// </summary>
/// <remarks>
/// Paths are normalized lexically to pick a root, then resolved by the kernel with openat2(RESOLVE_BENEATH |
/// RESOLVE_NO_MAGICLINKS) from that root's descriptor, so symlinks are followed only while they stay inside it.
/// Leaving every root, by <c>..</c>, absolute path or symlink, is EACCES; so is any change in a read-only root.
/// Handles are small integers from one table per job, each usable only by the owner (rank) that opened it.
/// </remarks>
internal sealed partial class ConfinedFileSystem : IDisposable
{
    /// <summary>Default cap on handles one owner may hold (then EMFILE).</summary>
    public const int DefaultMaxHandlesPerOwner = 1024;

    /// <summary>Cap on handles the whole job may hold (then ENFILE).</summary>
    public const int MaxHandlesPerJob = 65536;

    /// <summary>Default cap on entries <see cref="ReadDir"/> returns (then E2BIG).</summary>
    public const int DefaultMaxDirectoryEntries = 100_000;

    /// <summary>Permission bits a job may set on a new file or directory.</summary>
    private const int PermissionMask = 0x1FF;

    /// <summary>The roots every path is resolved beneath (owned by the caller).</summary>
    private readonly FileRoots _roots;

    /// <summary>The job's open handles.</summary>
    private readonly FileHandleTable _handles;

    /// <summary>Cap on entries per <see cref="ReadDir"/>.</summary>
    private readonly int _maxDirectoryEntries;

    /// <summary>getdents64 buffer, reused (single-threaded).</summary>
    private readonly byte[] _direntBuffer = new byte[32 * 1024];

    /// <summary>Set by <see cref="Dispose"/>.</summary>
    private bool _disposed;

    /// <summary>Creates the file system of one job.</summary>
    /// <param name="roots">The job's roots; not disposed by this instance, and must outlive it.</param>
    /// <param name="maxHandlesPerOwner">Handles one owner may hold before <see cref="Open"/> fails with EMFILE.</param>
    /// <param name="maxDirectoryEntries">Entries <see cref="ReadDir"/> returns before failing with E2BIG.</param>
    public ConfinedFileSystem(
        FileRoots roots, int maxHandlesPerOwner = DefaultMaxHandlesPerOwner, int maxDirectoryEntries = DefaultMaxDirectoryEntries)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHandlesPerOwner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDirectoryEntries);
        _roots = roots;
        _handles = new FileHandleTable(maxHandlesPerOwner, MaxHandlesPerJob);
        _maxDirectoryEntries = maxDirectoryEntries;
    }

    /// <summary>Handles open in the whole job.</summary>
    public int OpenHandleCount => _handles.Count;

    /// <summary>
    /// Opens <paramref name="path"/> and returns a handle for <paramref name="owner"/>.
    /// </summary>
    /// <param name="owner">The rank asking.</param>
    /// <param name="path">Absolute, or relative to the working directory.</param>
    /// <param name="flags">
    /// Linux x86_64 <c>O_*</c> values: access mode, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW;
    /// O_CLOEXEC, O_NONBLOCK, O_NOCTTY and O_LARGEFILE are accepted and ignored (the host always uses O_CLOEXEC |
    /// O_NONBLOCK | O_NOCTTY); any other bit, or access mode 3, is EINVAL.
    /// </param>
    /// <param name="mode">Permissions for O_CREAT, masked to 0777 (the proxy's umask applies).</param>
    /// <returns>A handle, or -errno: EACCES outside the roots or for a write/create/truncate in a read-only root,
    /// EMFILE/ENFILE at the handle caps, or whatever the kernel says (ENOENT, EEXIST, EISDIR, ELOOP...).</returns>
    public int Open(int owner, string? path, int flags, int mode)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((flags & ~JobOpenFlags.Allowed) != 0 || (flags & JobOpenFlags.AccessMode) == JobOpenFlags.AccessMode)
        {
            return -LinuxErrno.EINVAL;
        }

        int resolved = _roots.Resolve(path, out RootedPath rooted);
        if (resolved < 0)
        {
            return resolved;
        }

        bool create = (flags & JobOpenFlags.Create) != 0;
        bool forWrite = (flags & JobOpenFlags.AccessMode) != JobOpenFlags.ReadOnly || create || (flags & JobOpenFlags.Truncate) != 0;
        if (forWrite && !rooted.Root.Root.Writable)
        {
            return -LinuxErrno.EACCES;
        }

        // Check the cap before opening, so a refused O_CREAT leaves no file behind.
        int room = _handles.CheckRoom(owner);
        if (room < 0)
        {
            return room;
        }

        int hostFlags = JobOpenFlags.ToHost(flags) | JobOpenFlags.HostForced;
        int fd = Beneath.Open(rooted, hostFlags, create ? (uint)(mode & PermissionMask) : 0, forWrite);
        return fd < 0 ? fd : _handles.Add(owner, fd);
    }

    /// <summary>read(2) into <paramref name="buffer"/> at the handle's offset: bytes read (0 at end) or -errno.</summary>
    public long Read(int owner, int handle, Span<byte> buffer)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.Read(fd, buffer);
    }

    /// <summary>write(2) of <paramref name="data"/> at the handle's offset: bytes written or -errno.</summary>
    public long Write(int owner, int handle, ReadOnlySpan<byte> data)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.Write(fd, data);
    }

    /// <summary>pread(2) at <paramref name="offset"/> (the handle's offset is unchanged): bytes read or -errno (EINVAL for a negative offset).</summary>
    public long PRead(int owner, int handle, Span<byte> buffer, long offset)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.PRead(fd, buffer, offset);
    }

    /// <summary>pwrite(2) at <paramref name="offset"/>: bytes written or -errno.</summary>
    public long PWrite(int owner, int handle, ReadOnlySpan<byte> data, long offset)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.PWrite(fd, data, offset);
    }

    /// <summary>lseek(2) with SEEK_SET 0, SEEK_CUR 1, SEEK_END 2 (SEEK_DATA 3, SEEK_HOLE 4): the new offset or -errno.</summary>
    public long Seek(int owner, int handle, long offset, int whence)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.Seek(fd, offset, whence);
    }

    /// <summary>ftruncate(2) to <paramref name="length"/>: 0 or -errno (EINVAL/EBADF if not opened for writing).</summary>
    public int Truncate(int owner, int handle, long length)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.Truncate(fd, length);
    }

    /// <summary>fsync(2): 0 or -errno.</summary>
    public int Sync(int owner, int handle)
    {
        int fd = Lookup(owner, handle);
        return fd < 0 ? fd : LibC.Sync(fd);
    }

    /// <summary>Metadata of an open handle: 0 or -errno.</summary>
    public int FStat(int owner, int handle, out HostFileStat stat)
    {
        int fd = Lookup(owner, handle);
        if (fd < 0)
        {
            stat = default;
            return fd;
        }

        return LibC.Stat(fd, "", LibC.AtEmptyPath, out stat);
    }

    /// <summary>Closes a handle: 0, -EBADF (not the owner's, or not open), or close's error (the handle is freed anyway).</summary>
    public int Close(int owner, int handle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handles.Close(owner, handle);
    }

    /// <summary>Closes every handle of <paramref name="owner"/> (the rank ended).</summary>
    public void CloseAll(int owner)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _handles.CloseOwner(owner);
    }

    /// <summary>Closes every handle of the job. The roots stay open: they belong to the caller.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handles.CloseAll();
    }

    /// <summary>The owner's descriptor for a handle, or -EBADF.</summary>
    private int Lookup(int owner, int handle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handles.Lookup(owner, handle);
    }
}
