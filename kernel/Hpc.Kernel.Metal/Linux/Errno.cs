namespace Hpc.Kernel.Metal.Linux;

/// <summary>The Linux error numbers the personality returns (negated, as the raw system call returns them).</summary>
internal enum Errno
{
    /// <summary>Operation not permitted.</summary>
    Perm = 1,
    /// <summary>No such file or directory.</summary>
    NoEnt = 2,
    /// <summary>Bad file descriptor.</summary>
    BadF = 9,
    /// <summary>Out of memory.</summary>
    NoMem = 12,
    /// <summary>Bad address.</summary>
    Fault = 14,
    /// <summary>No such device (file mappings: no files in this step).</summary>
    NoDev = 19,
    /// <summary>Invalid argument.</summary>
    Inval = 22,
    /// <summary>Not a terminal.</summary>
    NoTty = 25,
    /// <summary>System call not implemented.</summary>
    NoSys = 38,
}
