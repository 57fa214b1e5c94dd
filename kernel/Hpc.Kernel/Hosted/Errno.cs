namespace Hpc.Hosted;

/// <summary>The Linux errno values the confinement code tells apart.</summary>
internal enum Errno
{
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,

    /// <summary>No such file or directory.</summary>
    ENOENT = 2,

    /// <summary>Permission denied.</summary>
    EACCES = 13,

    /// <summary>Not a directory.</summary>
    ENOTDIR = 20,

    /// <summary>Invalid argument.</summary>
    EINVAL = 22,

    /// <summary>Function not implemented (the kernel has no such system call).</summary>
    ENOSYS = 38,

    /// <summary>Operation not supported (Landlock built in but disabled at boot).</summary>
    EOPNOTSUPP = 95,
}
