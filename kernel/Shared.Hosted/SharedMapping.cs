using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Hpc.Hosted;

/// <summary>A shared mapping of a whole file in /dev/shm: the node segment as this process sees it.</summary>
internal sealed unsafe partial class SharedMapping : IDisposable
{
    /// <summary>O_RDWR.</summary>
    private const int ORdWr = 2;
    /// <summary>O_CREAT.</summary>
    private const int OCreat = 0x40;
    /// <summary>O_EXCL.</summary>
    private const int OExcl = 0x80;
    /// <summary>O_CLOEXEC: isles open the segment themselves, nothing should inherit the descriptor.</summary>
    private const int OCloexec = 0x80000;
    /// <summary>PROT_READ | PROT_WRITE.</summary>
    private const int ProtReadWrite = 3;
    /// <summary>MAP_SHARED.</summary>
    private const int MapShared = 1;

    /// <summary>Base address of the mapping.</summary>
    public byte* Pointer { get; private set; }

    /// <summary>Mapped size in bytes.</summary>
    public long Size { get; }

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>Wraps a mapping made by <see cref="Create"/>, <see cref="Open"/> or <see cref="MapDescriptor"/>.</summary>
    private SharedMapping(string path, byte* pointer, long size)
    {
        Path = path;
        Pointer = pointer;
        Size = size;
    }

    /// <summary>Creates the file (mode 0600, must not exist), sizes it and maps it.</summary>
    public static SharedMapping Create(string path, long size)
    {
        int fd = OpenFile(path, ORdWr | OCreat | OExcl | OCloexec, 0x180);
        try
        {
            if (FTruncate(fd, size) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                _ = Unlink(path);
                throw Fail("ftruncate", path, errno);
            }

            return new SharedMapping(path, Map(fd, size, path), size);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Maps an existing file whole.</summary>
    public static SharedMapping Open(string path) => MapDescriptor(OpenFile(path, ORdWr | OCloexec, 0), path);

    /// <summary>
    /// Opens an existing file for a child process to inherit (no O_CLOEXEC): a rank process of an aot isle maps the
    /// segment through it, since the proxy may remove the file's name as soon as every isle has mapped it. The caller
    /// closes it with <see cref="CloseDescriptor"/> once the child has started.
    /// </summary>
    public static int OpenInheritable(string path) => OpenFile(path, ORdWr, 0);

    /// <summary>Closes a descriptor from <see cref="OpenInheritable"/>.</summary>
    public static void CloseDescriptor(int fd) => _ = Close(fd);

    /// <summary>
    /// Maps the whole file behind descriptor <paramref name="fd"/> (named <paramref name="path"/> in errors) and
    /// closes the descriptor, so nothing the process starts later inherits it.
    /// </summary>
    public static SharedMapping MapDescriptor(int fd, string path)
    {
        try
        {
            long size = LSeek(fd, 0, 2);
            if (size <= 0)
            {
                throw new IOException($"segment {path} is empty or unreadable");
            }

            return new SharedMapping(path, Map(fd, size, path), size);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Removes the file name (the mapping stays valid); true when it existed.</summary>
    public static bool Remove(string path) => Unlink(path) == 0;

    /// <summary>Unmaps.</summary>
    public void Dispose()
    {
        if (Pointer != null)
        {
            _ = MUnmap(Pointer, (nuint)Size);
            Pointer = null;
        }
    }

    /// <summary>open(2) that throws with the path and errno.</summary>
    private static int OpenFile(string path, int flags, int mode)
    {
        int fd = OpenSyscall(path, flags, mode);
        return fd >= 0 ? fd : throw Fail("open", path, Marshal.GetLastPInvokeError());
    }

    /// <summary>
    /// mmap(2) of the whole file, shared. Not populated: at -n 256 most of the channel space is never touched, and
    /// pages come into being where they are first used.
    /// </summary>
    private static byte* Map(int fd, long size, string path)
    {
        void* address = MMap(null, (nuint)size, ProtReadWrite, MapShared, fd, 0);
        return address != (void*)-1 ? (byte*)address : throw Fail("mmap", path, Marshal.GetLastPInvokeError());
    }

    /// <summary>An IOException naming the call, the file and the OS error.</summary>
    private static IOException Fail(string call, string path, int errno) =>
        new($"{call} {path}: {new Win32Exception(errno).Message}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenSyscall(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FTruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* MMap(void* address, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int MUnmap(void* address, nuint length);
}
