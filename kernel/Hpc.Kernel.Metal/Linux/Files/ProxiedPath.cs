using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The path a file request carries, built from a call's (dirfd, path): an absolute path or one relative to the
/// working directory goes as the program wrote it (the proxy resolves relative ones against the job's working
/// directory, exactly as for hosted ranks); one relative to a proxied directory's descriptor is that directory's
/// path, '/', then it. Paths under /proc, /sys and /dev are the kernel's and never go to the proxy.
/// </summary>
internal static unsafe class ProxiedPath
{
    /// <summary>The *at calls' "relative to the working directory".</summary>
    public const long AtWorkingDirectory = -100;
    /// <summary><see cref="AtWorkingDirectory"/> as an argument register the kernel fills itself (for open, mkdir...).</summary>
    public const ulong WorkingDirectoryArgument = unchecked((ulong)AtWorkingDirectory);

    /// <summary>
    /// True when a call's dirfd argument means the working directory. A dirfd is an int: only the register's low
    /// half counts (glibc may leave the high half zero, as Linux allows).
    /// </summary>
    public static bool IsWorkingDirectory(ulong dirfd) => (int)dirfd == AtWorkingDirectory;

    /// <summary>
    /// True when the NUL-terminated <paramref name="path"/> (already checked readable) is one the kernel answers
    /// itself: /proc, /sys and /dev and everything below them.
    /// </summary>
    public static bool IsKernels(byte* path) => Below(path, "/proc") || Below(path, "/sys") || Below(path, "/dev");

    /// <summary>
    /// True when the NUL-terminated <paramref name="path"/> (already checked readable) goes to the proxy: a segment is
    /// attached and the path is not the kernel's (a relative one never is).
    /// </summary>
    public static bool IsProxied(byte* path) => ProxyCall.IsAvailable && !(*path == '/' && IsKernels(path));

    /// <summary>
    /// Copies the program's path at <paramref name="path"/>, relative to <paramref name="dirfd"/>, into
    /// <paramref name="into"/> (<see cref="ProxyCall.MaxPath"/> bytes) without its NUL; returns its length or
    /// -errno: EFAULT, ENOENT for an empty path, ENAMETOOLONG, EBADF or ENOTDIR for a dirfd that names no directory
    /// (a relative path against a descriptor that is not proxied: only the proxy's directories have paths).
    /// </summary>
    public static int Build(ulong dirfd, ulong path, byte* into)
    {
        if (!UserPointer.IsValid(path, 1))
        {
            return -LinuxErrno.EFAULT;
        }

        if (*(byte*)path == 0)
        {
            return -LinuxErrno.ENOENT;
        }

        int length = 0;
        if (*(byte*)path != '/' && !IsWorkingDirectory(dirfd))
        {
            int slot = DescriptorTable.ProxiedFileOf((uint)dirfd);
            if (slot < 0)
            {
                return DescriptorTable.IsOpen((uint)dirfd) ? -LinuxErrno.ENOTDIR : -LinuxErrno.EBADF;
            }

            ProxiedFile* directory = ProxiedFileTable.At(slot);
            if (directory->PathLength >= ProxyCall.MaxPath - 2)
            {
                return -LinuxErrno.ENAMETOOLONG;
            }

            Buffer.MemoryCopy(directory->Path, into, ProxyCall.MaxPath, directory->PathLength);
            length = directory->PathLength;
            into[length++] = (byte)'/';
        }

        for (ulong at = path; ; at++)
        {
            // A string may run onto the next page: check each page as the copy reaches it.
            if ((at & 0xFFF) == 0 && !UserPointer.IsValid(at, 1))
            {
                return -LinuxErrno.EFAULT;
            }

            byte c = *(byte*)at;
            if (c == 0)
            {
                break;
            }

            if (length == ProxyCall.MaxPath - 1)
            {
                return -LinuxErrno.ENAMETOOLONG;
            }

            into[length++] = c;
        }

        return length;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies below it.</summary>
    private static bool Below(byte* path, string directory)
    {
        for (int i = 0; i < directory.Length; i++)
        {
            if (path[i] != directory[i])
            {
                return false;
            }
        }

        return path[directory.Length] == 0 || path[directory.Length] == '/';
    }
}
