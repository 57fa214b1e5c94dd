using System.Runtime.InteropServices;

namespace Hpc.Protocol;

/// <summary>File metadata sent back for <see cref="ProxyOp.Stat"/> and <see cref="ProxyOp.FStat"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StatReply
{
    /// <summary>Size in bytes.</summary>
    public long Size;
    /// <summary>Linux st_mode: type and permission bits.</summary>
    public int Mode;
    /// <summary>Hard link count.</summary>
    public int Links;
    /// <summary>Inode number.</summary>
    public long Inode;
    /// <summary>Last modification, nanoseconds since the Unix epoch.</summary>
    public long ModifiedUnixNanos;
    /// <summary>Last access, nanoseconds since the Unix epoch.</summary>
    public long AccessedUnixNanos;
    /// <summary>Last status change, nanoseconds since the Unix epoch.</summary>
    public long ChangedUnixNanos;
}
