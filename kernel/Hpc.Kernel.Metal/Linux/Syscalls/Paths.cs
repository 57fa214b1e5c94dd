using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Calls on paths. The files the kernel makes about the machine (<see cref="KernelFiles"/>: /proc/self/maps,
/// /proc/meminfo, /proc/stat, the cpu lists and cache sizes under /sys) open read-only; readlink of
/// /proc/self/exe names the program "/job"; everything else is not found (no file system yet: the proxy's files
/// come with the file family; /sys/fs/cgroup not found means no cgroup limits, which is true of an isle).
/// </summary>
internal static unsafe class Paths
{
    /// <summary>openat's "relative to the working directory".</summary>
    private const long AtWorkingDirectory = -100;
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
        SyscallTable.Register(SyscallNames.Readlink, &Readlink);
        SyscallTable.Register(SyscallNames.ReadlinkAt, &ReadlinkAt);
        SyscallTable.Register(SyscallNames.Statfs, &NotFound);
    }

    /// <summary>open(path, flags, mode).</summary>
    private static long Open(SyscallFrame* frame) => OpenPath(frame->Arg0, frame->Arg1);

    /// <summary>openat(dirfd, path, flags, mode): absolute paths (and relative ones to the working directory, "/").</summary>
    private static long OpenAt(SyscallFrame* frame) =>
        (long)frame->Arg0 != AtWorkingDirectory && !IsAbsolute(frame->Arg1) ? -(long)LinuxErrno.ENOENT : OpenPath(frame->Arg1, frame->Arg2);

    /// <summary>access(path, mode): kernel files are readable, nothing else exists.</summary>
    private static long Access(SyscallFrame* frame)
    {
        if (!UserPointer.IsValid(frame->Arg0, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        return !KernelFiles.Knows((byte*)frame->Arg0) ? -(long)LinuxErrno.ENOENT : (frame->Arg1 & 2) != 0 ? -(long)LinuxErrno.EACCES : 0;
    }

    /// <summary>readlink(path, buf, size).</summary>
    private static long Readlink(SyscallFrame* frame) => ReadLink(frame->Arg0, frame->Arg1, frame->Arg2);

    /// <summary>readlinkat(dirfd, path, buf, size).</summary>
    private static long ReadlinkAt(SyscallFrame* frame) => ReadLink(frame->Arg1, frame->Arg2, frame->Arg3);

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
    private static long ReadLink(ulong path, ulong buffer, ulong size)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -(long)LinuxErrno.EFAULT;
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
