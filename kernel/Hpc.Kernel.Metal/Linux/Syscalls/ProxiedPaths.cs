using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Calls on paths the proxy serves: every path outside /proc, /sys and /dev (<see cref="ProxiedPath"/>) becomes a
/// file request on the rank's ring, answered by the proxy's confined file system inside the job's allowed roots
/// (EACCES outside them, as a hosted rank's Landlock gives). <see cref="Paths"/> sends open, access, stat and
/// readlink of such paths here; this family registers the calls that only change the file system, and getcwd.
/// </summary>
internal static unsafe class ProxiedPaths
{
    /// <summary>O_DIRECTORY.</summary>
    private const int OpenDirectory = 0x10000;
    /// <summary>unlinkat's "remove a directory".</summary>
    private const ulong AtRemoveDirectory = 0x200;
    /// <summary>newfstatat's "do not follow a final symbolic link".</summary>
    private const ulong AtSymlinkNoFollow = 0x100;
    /// <summary>renameat2's flags this kernel can honour: none (RENAME_NOREPLACE would need a new request).</summary>
    private const ulong SupportedRenameFlags = 0;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.Getcwd, &Getcwd);
        SyscallTable.Register(SyscallNames.Unlink, &Unlink);
        SyscallTable.Register(SyscallNames.UnlinkAt, &UnlinkAt);
        SyscallTable.Register(SyscallNames.Rmdir, &Rmdir);
        SyscallTable.Register(SyscallNames.Mkdir, &Mkdir);
        SyscallTable.Register(SyscallNames.MkdirAt, &MkdirAt);
        SyscallTable.Register(SyscallNames.Rename, &Rename);
        SyscallTable.Register(SyscallNames.RenameAt, &RenameAt);
        SyscallTable.Register(SyscallNames.RenameAt2, &RenameAt2);
        SyscallTable.Register(SyscallNames.Link, &NoLinks);
        SyscallTable.Register(SyscallNames.LinkAt, &NoLinks);
        SyscallTable.Register(SyscallNames.Symlink, &NoLinks);
        SyscallTable.Register(SyscallNames.SymlinkAt, &NoLinks);
    }

    /// <summary>openat of a proxied path: a descriptor naming the proxy's handle, or -errno.</summary>
    public static long Open(ulong dirfd, ulong path, ulong flags, ulong mode)
    {
        ProxyCall.Enter();
        int length = ProxiedPath.Build(dirfd, path, ProxyCall.Paths);
        if (length < 0)
        {
            ProxyCall.Exit();
            return length;
        }

        long handle = ProxyCall.Send(ProxyOp.Open, new FileParams { Flags = (int)flags, Mode = (int)(mode & 0xFFF) }, ProxyCall.Paths, length);
        if (handle < 0)
        {
            ProxyCall.Exit();
            return handle;
        }

        int slot = ProxiedFileTable.Claim((int)handle, (int)flags, ((int)flags & OpenDirectory) != 0, ProxyCall.Paths, length);
        long fd = slot < 0 ? -1 : DescriptorTable.OpenProxiedFile(slot);
        ProxyCall.Exit();
        if (fd >= 0)
        {
            return fd;
        }

        if (slot >= 0)
        {
            ProxiedFileTable.Release(slot);
        }
        else
        {
            ProxyCall.SendAlone(ProxyOp.Close, new FileParams { Handle = (int)handle }, null, 0);
        }

        return slot < 0 ? -LinuxErrno.ENFILE : -LinuxErrno.EMFILE;
    }

    /// <summary>newfstatat of a proxied path (following a final link unless AT_SYMLINK_NOFOLLOW).</summary>
    public static long Stat(ulong dirfd, ulong path, ulong buffer, ulong flags)
    {
        if (!UserPointer.IsValid(buffer, (ulong)sizeof(Stat)))
        {
            return -LinuxErrno.EFAULT;
        }

        ProxyOp op = (flags & AtSymlinkNoFollow) != 0 ? ProxyOp.LStat : ProxyOp.Stat;
        ProxyCall.Enter();
        long result = PathRequest(op, dirfd, path, new FileParams());
        if (result >= 0)
        {
            result = ProxiedFiles.FillStat((Stat*)buffer);
        }

        ProxyCall.Exit();
        return result;
    }

    /// <summary>
    /// access/faccessat of a proxied path: it exists (the proxy can stat it). Write access in a read-only root shows
    /// only when the write is tried, as the proxy has no request for "may I".
    /// </summary>
    public static long Access(ulong dirfd, ulong path)
    {
        ProxyCall.Enter();
        long result = PathRequest(ProxyOp.Stat, dirfd, path, new FileParams());
        ProxyCall.Exit();
        return result < 0 ? result : 0;
    }

    /// <summary>readlink of a proxied path: the link's text, cut to <paramref name="size"/> bytes and not NUL-terminated, as Linux does.</summary>
    public static long ReadLink(ulong dirfd, ulong path, ulong buffer, ulong size)
    {
        if ((long)size <= 0)
        {
            return -LinuxErrno.EINVAL;
        }

        ProxyCall.Enter();
        long result = PathRequest(ProxyOp.ReadLink, dirfd, path, new FileParams());
        if (result >= 0)
        {
            ulong count = (ulong)result < (ulong)ProxyCall.ReplyLength ? (ulong)result : (ulong)ProxyCall.ReplyLength;
            count = count < size ? count : size;
            if (count > 0 && !UserPointer.IsValid(buffer, count))
            {
                result = -LinuxErrno.EFAULT;
            }
            else
            {
                Buffer.MemoryCopy(ProxyCall.ReplyData, (byte*)buffer, (long)count, (long)count);
                result = (long)count;
            }
        }

        ProxyCall.Exit();
        return result;
    }

    /// <summary>
    /// link, linkat, symlink, symlinkat: EPERM, a file system that makes no links (the proxy has no request for them).
    /// The runtime's File.Move tries a hard link first and renames on EPERM.
    /// </summary>
    private static long NoLinks(SyscallFrame* frame) => -LinuxErrno.EPERM;

    /// <summary>getcwd(buf, size): the job's working directory (<see cref="WorkingDirectory"/>); returns its length with the NUL.</summary>
    private static long Getcwd(SyscallFrame* frame)
    {
        ulong needed = (ulong)WorkingDirectory.Length + 1;
        if (frame->Arg1 < needed)
        {
            return -LinuxErrno.ERANGE;
        }

        if (!UserPointer.IsValid(frame->Arg0, needed))
        {
            return -LinuxErrno.EFAULT;
        }

        Buffer.MemoryCopy(WorkingDirectory.Path, (byte*)frame->Arg0, (long)needed, WorkingDirectory.Length);
        ((byte*)frame->Arg0)[WorkingDirectory.Length] = 0;
        return (long)needed;
    }

    /// <summary>unlink(path).</summary>
    private static long Unlink(SyscallFrame* frame) => Change(ProxyOp.Unlink, ProxiedPath.WorkingDirectoryArgument, frame->Arg0, 0);

    /// <summary>unlinkat(dirfd, path, flags): a file, or with AT_REMOVEDIR an empty directory.</summary>
    private static long UnlinkAt(SyscallFrame* frame) =>
        (frame->Arg2 & ~AtRemoveDirectory) != 0 ? -LinuxErrno.EINVAL
        : Change((frame->Arg2 & AtRemoveDirectory) != 0 ? ProxyOp.Rmdir : ProxyOp.Unlink, frame->Arg0, frame->Arg1, 0);

    /// <summary>rmdir(path).</summary>
    private static long Rmdir(SyscallFrame* frame) => Change(ProxyOp.Rmdir, ProxiedPath.WorkingDirectoryArgument, frame->Arg0, 0);

    /// <summary>mkdir(path, mode).</summary>
    private static long Mkdir(SyscallFrame* frame) => Change(ProxyOp.Mkdir, ProxiedPath.WorkingDirectoryArgument, frame->Arg0, (int)(frame->Arg1 & 0xFFF));

    /// <summary>mkdirat(dirfd, path, mode).</summary>
    private static long MkdirAt(SyscallFrame* frame) => Change(ProxyOp.Mkdir, frame->Arg0, frame->Arg1, (int)(frame->Arg2 & 0xFFF));

    /// <summary>rename(old, new).</summary>
    private static long Rename(SyscallFrame* frame) =>
        RenamePaths(ProxiedPath.WorkingDirectoryArgument, frame->Arg0, ProxiedPath.WorkingDirectoryArgument, frame->Arg1);

    /// <summary>renameat(olddirfd, old, newdirfd, new).</summary>
    private static long RenameAt(SyscallFrame* frame) => RenamePaths(frame->Arg0, frame->Arg1, frame->Arg2, frame->Arg3);

    /// <summary>renameat2(olddirfd, old, newdirfd, new, flags): without flags only.</summary>
    private static long RenameAt2(SyscallFrame* frame) =>
        (frame->Arg4 & ~SupportedRenameFlags) != 0 ? -LinuxErrno.EINVAL : RenamePaths(frame->Arg0, frame->Arg1, frame->Arg2, frame->Arg3);

    /// <summary>A request on one path that changes the file system; the kernel's own paths are read-only (EROFS).</summary>
    private static long Change(ProxyOp op, ulong dirfd, ulong path, int mode)
    {
        if (IsKernels(dirfd, path) || !ProxyCall.IsAvailable)
        {
            return ProxyCall.IsAvailable ? -LinuxErrno.EROFS : -LinuxErrno.ENOENT;
        }

        ProxyCall.Enter();
        long result = PathRequest(op, dirfd, path, new FileParams { Mode = mode });
        ProxyCall.Exit();
        return result;
    }

    /// <summary>rename: both paths in one request (Count = the first one's length).</summary>
    private static long RenamePaths(ulong fromDirfd, ulong from, ulong toDirfd, ulong to)
    {
        if (IsKernels(fromDirfd, from) || IsKernels(toDirfd, to) || !ProxyCall.IsAvailable)
        {
            return ProxyCall.IsAvailable ? -LinuxErrno.EROFS : -LinuxErrno.ENOENT;
        }

        ProxyCall.Enter();
        int fromLength = ProxiedPath.Build(fromDirfd, from, ProxyCall.Paths);
        int toLength = fromLength < 0 ? fromLength : ProxiedPath.Build(toDirfd, to, ProxyCall.Paths + fromLength);
        long result = fromLength < 0 ? fromLength : toLength < 0 ? toLength
            : ProxyCall.Send(ProxyOp.Rename, new FileParams { Count = fromLength }, ProxyCall.Paths, fromLength + toLength);
        ProxyCall.Exit();
        return result;
    }

    /// <summary>Builds the path and sends <paramref name="op"/> on it (the caller has the turn).</summary>
    private static long PathRequest(ProxyOp op, ulong dirfd, ulong path, in FileParams parameters)
    {
        int length = ProxiedPath.Build(dirfd, path, ProxyCall.Paths);
        return length < 0 ? length : ProxyCall.Send(op, parameters, ProxyCall.Paths, length);
    }

    /// <summary>True when an absolute <paramref name="path"/> is one of the kernel's (relative ones never are).</summary>
    private static bool IsKernels(ulong dirfd, ulong path) =>
        UserPointer.IsValid(path, 1) && *(byte*)path == '/' && ProxiedPath.IsKernels((byte*)path);
}
