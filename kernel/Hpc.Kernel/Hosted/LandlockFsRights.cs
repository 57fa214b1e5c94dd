namespace Hpc.Hosted;

/// <summary>Landlock's filesystem access rights (<c>LANDLOCK_ACCESS_FS_*</c> in <c>include/uapi/linux/landlock.h</c>).</summary>
[Flags]
internal enum LandlockFsRights : ulong
{
    /// <summary>No right.</summary>
    None = 0,

    /// <summary>Execute a file (ABI 1).</summary>
    Execute = 1UL << 0,

    /// <summary>Open a file for writing (ABI 1).</summary>
    WriteFile = 1UL << 1,

    /// <summary>Open a file for reading (ABI 1).</summary>
    ReadFile = 1UL << 2,

    /// <summary>Open or list a directory (ABI 1).</summary>
    ReadDir = 1UL << 3,

    /// <summary>Remove or rename an empty directory (ABI 1).</summary>
    RemoveDir = 1UL << 4,

    /// <summary>Unlink or rename a file (ABI 1).</summary>
    RemoveFile = 1UL << 5,

    /// <summary>Create a character device (ABI 1).</summary>
    MakeChar = 1UL << 6,

    /// <summary>Create a directory (ABI 1).</summary>
    MakeDir = 1UL << 7,

    /// <summary>Create a regular file (ABI 1).</summary>
    MakeReg = 1UL << 8,

    /// <summary>Create a UNIX domain socket (ABI 1).</summary>
    MakeSock = 1UL << 9,

    /// <summary>Create a named pipe (ABI 1).</summary>
    MakeFifo = 1UL << 10,

    /// <summary>Create a block device (ABI 1).</summary>
    MakeBlock = 1UL << 11,

    /// <summary>Create a symbolic link (ABI 1).</summary>
    MakeSym = 1UL << 12,

    /// <summary>Link or rename a file into another directory (ABI 2).</summary>
    Refer = 1UL << 13,

    /// <summary>Truncate a file (ABI 3).</summary>
    Truncate = 1UL << 14,

    /// <summary>ioctl on an opened character or block device (ABI 5).</summary>
    IoctlDev = 1UL << 15,
}
