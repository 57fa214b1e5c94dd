using System.Runtime.InteropServices;
using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>
/// The glibc calls the confined file system needs. Every wrapper returns the result, or <c>-errno</c> on failure,
/// and retries EINTR so callers never see it.
/// </summary>
internal static unsafe partial class LibC
{
    /// <summary>The C library (the runtime maps "libc" to libc.so.6).</summary>
    private const string Library = "libc";

    /// <summary>openat2 syscall number: 437 on x86_64 and arm64 alike (new syscalls share numbers since 424).</summary>
    private const long SysOpenat2 = 437;

    /// <summary>AT_FDCWD.</summary>
    public const int AtCurrentDirectory = -100;

    /// <summary>AT_SYMLINK_NOFOLLOW.</summary>
    public const int AtSymlinkNoFollow = 0x100;

    /// <summary>AT_REMOVEDIR for unlinkat.</summary>
    public const int AtRemoveDirectory = 0x200;

    /// <summary>AT_EMPTY_PATH: statx on the descriptor itself.</summary>
    public const int AtEmptyPath = 0x1000;

    /// <summary>openat2(dirfd, path, how): a new descriptor or -errno.</summary>
    public static int Openat2(int dirFd, string path, ulong flags, ulong mode, ulong resolve)
    {
        var how = new OpenHow { Flags = flags, Mode = mode, Resolve = resolve };
        long result;
        do
        {
            result = Check(SyscallOpenat2(SysOpenat2, dirFd, path, &how, (nuint)sizeof(OpenHow)));
        }
        while (result == -LinuxErrno.EINTR);
        return (int)result;
    }

    /// <summary>close(fd): 0 or -errno; EINTR counts as closed (Linux frees the descriptor anyway).</summary>
    public static int Close(int fd)
    {
        int result = Check(CloseRaw(fd));
        return result == -LinuxErrno.EINTR ? 0 : result;
    }

    /// <summary>read(fd, buffer).</summary>
    public static long Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            long result;
            do
            {
                result = Check(ReadRaw(fd, p, (nuint)buffer.Length));
            }
            while (result == -LinuxErrno.EINTR);
            return result;
        }
    }

    /// <summary>write(fd, data).</summary>
    public static long Write(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            long result;
            do
            {
                result = Check(WriteRaw(fd, p, (nuint)data.Length));
            }
            while (result == -LinuxErrno.EINTR);
            return result;
        }
    }

    /// <summary>pread(fd, buffer, offset).</summary>
    public static long PRead(int fd, Span<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            long result;
            do
            {
                result = Check(PReadRaw(fd, p, (nuint)buffer.Length, offset));
            }
            while (result == -LinuxErrno.EINTR);
            return result;
        }
    }

    /// <summary>pwrite(fd, data, offset).</summary>
    public static long PWrite(int fd, ReadOnlySpan<byte> data, long offset)
    {
        fixed (byte* p = data)
        {
            long result;
            do
            {
                result = Check(PWriteRaw(fd, p, (nuint)data.Length, offset));
            }
            while (result == -LinuxErrno.EINTR);
            return result;
        }
    }

    /// <summary>lseek(fd, offset, whence): the new offset or -errno.</summary>
    public static long Seek(int fd, long offset, int whence) => Check(SeekRaw(fd, offset, whence));

    /// <summary>ftruncate(fd, length).</summary>
    public static int Truncate(int fd, long length)
    {
        int result;
        do
        {
            result = Check(TruncateRaw(fd, length));
        }
        while (result == -LinuxErrno.EINTR);
        return result;
    }

    /// <summary>fsync(fd).</summary>
    public static int Sync(int fd)
    {
        int result;
        do
        {
            result = Check(SyncRaw(fd));
        }
        while (result == -LinuxErrno.EINTR);
        return result;
    }

    /// <summary>statx(dirfd, path, flags, STATX_BASIC_STATS).</summary>
    public static int Stat(int dirFd, string path, int flags, out HostFileStat stat)
    {
        Statx buffer = default;
        int result = Check(StatxRaw(dirFd, path, flags, Statx.BasicStats, &buffer));
        stat = result == 0 ? buffer.ToHostFileStat() : default;
        return result;
    }

    /// <summary>getdents64(fd, buffer): bytes of linux_dirent64 records, 0 at the end, or -errno.</summary>
    public static long GetDents(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            long result;
            do
            {
                result = Check(GetDentsRaw(fd, p, (nuint)buffer.Length));
            }
            while (result == -LinuxErrno.EINTR);
            return result;
        }
    }

    /// <summary>mkdirat(dirfd, name, mode).</summary>
    public static int MakeDirectory(int dirFd, string name, uint mode) => Check(MakeDirectoryRaw(dirFd, name, mode));

    /// <summary>unlinkat(dirfd, name, flags).</summary>
    public static int Unlink(int dirFd, string name, int flags) => Check(UnlinkRaw(dirFd, name, flags));

    /// <summary>renameat(fromDir, from, toDir, to).</summary>
    public static int Rename(int fromDirFd, string from, int toDirFd, string to) =>
        Check(RenameRaw(fromDirFd, from, toDirFd, to));

    /// <summary>readlinkat(dirfd, name) into <paramref name="buffer"/>: the bytes of the link's text (cut to the buffer) or -errno.</summary>
    public static long ReadLink(int dirFd, string name, Span<byte> buffer)
    {
        fixed (byte* into = buffer)
        {
            return Check((long)ReadLinkAtRaw(dirFd, name, into, (nuint)buffer.Length));
        }
    }

    /// <summary>The kernel's name for an open descriptor (readlink of /proc/self/fd/N), or null if /proc is absent.</summary>
    public static string? DescriptorPath(int fd)
    {
        const int Size = 4096;
        byte* buffer = stackalloc byte[Size];
        long length = Check(ReadLinkRaw("/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture), buffer, Size));
        if (length <= 0 || length >= Size)
        {
            return null;
        }

        string path = System.Text.Encoding.UTF8.GetString(buffer, (int)length);
        return path.StartsWith('/') ? path : null;
    }

    /// <summary>Turns a -1 return into -errno.</summary>
    private static long Check(long result) => result == -1 ? -Marshal.GetLastPInvokeError() : result;

    /// <summary>Turns a -1 return into -errno.</summary>
    private static int Check(int result) => result == -1 ? -Marshal.GetLastPInvokeError() : result;

    /// <summary>syscall(SYS_openat2, ...); syscall() is variadic, but glibc's x86_64/arm64 implementation is plain assembly that takes integer registers only.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long SyscallOpenat2(long number, long dirFd, string path, OpenHow* how, nuint size);

    /// <summary>close(2).</summary>
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseRaw(int fd);

    /// <summary>read(2).</summary>
    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadRaw(int fd, byte* buffer, nuint count);

    /// <summary>write(2).</summary>
    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteRaw(int fd, byte* buffer, nuint count);

    /// <summary>pread(2) (64-bit off_t on 64-bit glibc).</summary>
    [LibraryImport(Library, EntryPoint = "pread64", SetLastError = true)]
    private static partial nint PReadRaw(int fd, byte* buffer, nuint count, long offset);

    /// <summary>pwrite(2) (64-bit off_t on 64-bit glibc).</summary>
    [LibraryImport(Library, EntryPoint = "pwrite64", SetLastError = true)]
    private static partial nint PWriteRaw(int fd, byte* buffer, nuint count, long offset);

    /// <summary>lseek(2).</summary>
    [LibraryImport(Library, EntryPoint = "lseek64", SetLastError = true)]
    private static partial long SeekRaw(int fd, long offset, int whence);

    /// <summary>ftruncate(2).</summary>
    [LibraryImport(Library, EntryPoint = "ftruncate64", SetLastError = true)]
    private static partial int TruncateRaw(int fd, long length);

    /// <summary>fsync(2).</summary>
    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int SyncRaw(int fd);

    /// <summary>statx(2).</summary>
    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxRaw(int dirFd, string path, int flags, uint mask, Statx* buffer);

    /// <summary>getdents64(2).</summary>
    [LibraryImport(Library, EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDentsRaw(int fd, byte* buffer, nuint count);

    /// <summary>mkdirat(2).</summary>
    [LibraryImport(Library, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectoryRaw(int dirFd, string name, uint mode);

    /// <summary>unlinkat(2).</summary>
    [LibraryImport(Library, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkRaw(int dirFd, string name, int flags);

    /// <summary>renameat(2).</summary>
    [LibraryImport(Library, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameRaw(int fromDirFd, string from, int toDirFd, string to);

    /// <summary>readlinkat(2).</summary>
    [LibraryImport(Library, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkAtRaw(int dirFd, string name, byte* buffer, nuint size);

    /// <summary>readlink(2).</summary>
    [LibraryImport(Library, EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkRaw(string path, byte* buffer, nuint size);
}
