namespace Hpc.Proxy.Files;

/// <summary>File metadata returned to a job (a subset of Linux <c>statx</c>).</summary>
/// <param name="Size">Size in bytes.</param>
/// <param name="Mode">File type and permission bits, as <c>st_mode</c> (S_IFMT | 07777).</param>
/// <param name="ModifiedUnixNanos">Last data modification, nanoseconds since the Unix epoch.</param>
/// <param name="AccessedUnixNanos">Last access, nanoseconds since the Unix epoch.</param>
/// <param name="ChangedUnixNanos">Last status change, nanoseconds since the Unix epoch.</param>
/// <param name="Inode">Inode number.</param>
/// <param name="Links">Number of hard links.</param>
internal readonly record struct HostFileStat(
    long Size, uint Mode, long ModifiedUnixNanos, long AccessedUnixNanos, long ChangedUnixNanos, ulong Inode, uint Links)
{
    /// <summary>The <c>S_IFMT</c> mask of <see cref="Mode"/>.</summary>
    private const uint TypeMask = 0xF000;

    /// <summary>The file's kind, decoded from <see cref="Mode"/>.</summary>
    public HostFileType Type => TypeFromMode(Mode);

    /// <summary>Decodes the type bits of an <c>st_mode</c>.</summary>
    public static HostFileType TypeFromMode(uint mode) => (mode & TypeMask) switch
    {
        0x8000 => HostFileType.File,
        0x4000 => HostFileType.Directory,
        0xA000 => HostFileType.Symlink,
        _ => HostFileType.Other,
    };
}
