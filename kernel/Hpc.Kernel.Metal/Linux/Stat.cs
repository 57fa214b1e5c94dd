using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>x86-64 Linux's struct stat (144 bytes), as fstat and newfstatat fill it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Stat
{
    /// <summary>File-type bits of a character device.</summary>
    public const uint CharacterDevice = 0x2000;
    /// <summary>File-type bits of a regular file.</summary>
    public const uint RegularFile = 0x8000;

    /// <summary>Device holding the file.</summary>
    public ulong Device;
    /// <summary>Inode number.</summary>
    public ulong Inode;
    /// <summary>Hard links.</summary>
    public ulong Links;
    /// <summary>Type and permission bits.</summary>
    public uint Mode;
    /// <summary>Owner.</summary>
    public uint Uid;
    /// <summary>Group.</summary>
    public uint Gid;
    /// <summary>Padding.</summary>
    public uint Padding;
    /// <summary>Device number of a device file.</summary>
    public ulong RDevice;
    /// <summary>Size in bytes.</summary>
    public long Size;
    /// <summary>Preferred I/O size (stdio sizes its buffer by it).</summary>
    public long BlockSize;
    /// <summary>512-byte blocks.</summary>
    public long Blocks;
    /// <summary>Access, modification and change times (seconds, nanoseconds).</summary>
    public long AccessSeconds, AccessNanoseconds, ModifySeconds, ModifyNanoseconds, ChangeSeconds, ChangeNanoseconds;
    /// <summary>Reserved.</summary>
    public fixed long Reserved[3];
}
