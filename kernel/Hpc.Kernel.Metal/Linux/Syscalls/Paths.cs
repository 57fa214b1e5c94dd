using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Calls on paths. Under /proc, /sys and /dev the kernel answers: the files it makes about the machine
/// (<see cref="KernelFiles"/>: /proc/self/maps, /proc/meminfo, /proc/stat, the cpu lists and cache sizes under /sys)
/// open read-only, readlink of /proc/self/exe names the program "/job", and the rest is not found (/sys/fs/cgroup
/// not found means no cgroup limits, which is true of an isle). Every other path is the proxy's
/// (<see cref="ProxiedPaths"/>); without a segment it is not found.
/// </summary>
internal static unsafe class Paths
{
    /// <summary>newfstatat's "do not follow a final symbolic link".</summary>
    private const ulong AtSymlinkNoFollow = 0x100;
    /// <summary>The access-mode bits of open's flags (O_RDONLY is 0).</summary>
    private const ulong AccessModeMask = 3;
    /// <summary>What readlink("/proc/self/exe") answers.</summary>
    private const string ExecutablePath = "/job";

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.Open, &Open);
        SyscallTable.Register(SyscallNames.OpenAt, &OpenAt);
        SyscallTable.Register(SyscallNames.Access, &Access);
        SyscallTable.Register(SyscallNames.FAccessAt, &FAccessAt);
        SyscallTable.Register(SyscallNames.FAccessAt2, &FAccessAt);
        SyscallTable.Register(SyscallNames.Stat, &StatPath);
        SyscallTable.Register(SyscallNames.Lstat, &LstatPath);
        SyscallTable.Register(SyscallNames.Readlink, &Readlink);
        SyscallTable.Register(SyscallNames.ReadlinkAt, &ReadlinkAt);
        SyscallTable.Register(SyscallNames.Statfs, &NotFound);
    }

    /// <summary>open(path, flags, mode).</summary>
    private static long Open(SyscallFrame* frame) => OpenAny(ProxiedPath.WorkingDirectoryArgument, frame->Arg0, frame->Arg1, frame->Arg2);

    /// <summary>openat(dirfd, path, flags, mode).</summary>
    private static long OpenAt(SyscallFrame* frame) => OpenAny(frame->Arg0, frame->Arg1, frame->Arg2, frame->Arg3);

    /// <summary>Opens a proxied path, or a kernel file by its absolute path.</summary>
    private static long OpenAny(ulong dirfd, ulong path, ulong flags, ulong mode)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        if (ProxiedPath.IsProxied((byte*)path))
        {
            return ProxiedPaths.Open(dirfd, path, flags, mode);
        }

        return !ProxiedPath.IsWorkingDirectory(dirfd) && !IsAbsolute(path) ? -(long)LinuxErrno.ENOENT : OpenPath(path, flags);
    }

    /// <summary>access(path, mode).</summary>
    private static long Access(SyscallFrame* frame) => AccessAny(ProxiedPath.WorkingDirectoryArgument, frame->Arg0, frame->Arg1);

    /// <summary>faccessat(dirfd, path, mode) and faccessat2(dirfd, path, mode, flags).</summary>
    private static long FAccessAt(SyscallFrame* frame) => AccessAny(frame->Arg0, frame->Arg1, frame->Arg2);

    /// <summary>Kernel files are readable only; a proxied path is accessible when it exists.</summary>
    private static long AccessAny(ulong dirfd, ulong path, ulong mode)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        if (ProxiedPath.IsProxied((byte*)path))
        {
            return ProxiedPaths.Access(dirfd, path);
        }

        return !KernelFiles.Knows((byte*)path) ? -(long)LinuxErrno.ENOENT : (mode & 2) != 0 ? -(long)LinuxErrno.EACCES : 0;
    }

    /// <summary>stat(path, buf).</summary>
    private static long StatPath(SyscallFrame* frame) => StatAny(frame->Arg0, frame->Arg1, 0);

    /// <summary>lstat(path, buf).</summary>
    private static long LstatPath(SyscallFrame* frame) => StatAny(frame->Arg0, frame->Arg1, AtSymlinkNoFollow);

    /// <summary>Stats a proxied path; the kernel's paths are not found by stat.</summary>
    private static long StatAny(ulong path, ulong buffer, ulong flags)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        return ProxiedPath.IsProxied((byte*)path) ? ProxiedPaths.Stat(ProxiedPath.WorkingDirectoryArgument, path, buffer, flags) : -(long)LinuxErrno.ENOENT;
    }

    /// <summary>readlink(path, buf, size).</summary>
    private static long Readlink(SyscallFrame* frame) => ReadLink(ProxiedPath.WorkingDirectoryArgument, frame->Arg0, frame->Arg1, frame->Arg2);

    /// <summary>readlinkat(dirfd, path, buf, size).</summary>
    private static long ReadlinkAt(SyscallFrame* frame) => ReadLink(frame->Arg0, frame->Arg1, frame->Arg2, frame->Arg3);

    /// <summary>statfs and the paths no one has: not found.</summary>
    private static long NotFound(SyscallFrame* frame) => -(long)LinuxErrno.ENOENT;

    /// <summary>True when the path at <paramref name="path"/> starts with '/'.</summary>
    private static bool IsAbsolute(ulong path) => UserPointer.IsValid(path, 1) && *(byte*)path == '/';

    /// <summary>Opens a kernel file for reading.</summary>
    private static long OpenPath(ulong path, ulong flags)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        int slot = KernelFiles.Open((byte*)path);
        if (slot == -1)
        {
            return -(long)LinuxErrno.ENOENT;
        }

        if (slot < 0)
        {
            return -(long)LinuxErrno.ENFILE;
        }

        if ((flags & AccessModeMask) != 0)
        {
            KernelFiles.Release(slot);
            return -(long)LinuxErrno.EACCES;
        }

        long fd = DescriptorTable.OpenKernelFile(slot);
        if (fd < 0)
        {
            KernelFiles.Release(slot);
            return -(long)LinuxErrno.EMFILE;
        }

        return fd;
    }

    /// <summary>readlink of /proc/self/exe: the program's name (not NUL-terminated, cut to the buffer, as Linux does).</summary>
    private static long ReadLink(ulong dirfd, ulong path, ulong buffer, ulong size)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        if (ProxiedPath.IsProxied((byte*)path))
        {
            return ProxiedPaths.ReadLink(dirfd, path, buffer, size);
        }

        if (!KernelFiles.PathIs((byte*)path, "/proc/self/exe"))
        {
            return -(long)LinuxErrno.ENOENT;
        }

        ulong count = size < (ulong)ExecutablePath.Length ? size : (ulong)ExecutablePath.Length;
        if (count > 0 && !UserPointer.IsValid(buffer, count))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        for (ulong i = 0; i < count; i++)
        {
            ((byte*)buffer)[i] = (byte)ExecutablePath[(int)i];
        }

        return (long)count;
    }
}
