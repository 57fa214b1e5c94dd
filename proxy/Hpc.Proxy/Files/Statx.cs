using System.Runtime.InteropServices;

namespace Hpc.Proxy.Files;

/// <summary>The kernel's <c>struct statx</c> (include/uapi/linux/stat.h), only the fields we read, at their fixed offsets.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct Statx
{
    /// <summary>STATX_BASIC_STATS: type, mode, nlink, uid, gid, times, ino, size, blocks.</summary>
    public const uint BasicStats = 0x7FF;

    /// <summary>Number of hard links.</summary>
    [FieldOffset(16)] public uint Links;

    /// <summary>File type and mode.</summary>
    [FieldOffset(28)] public ushort Mode;

    /// <summary>Inode number.</summary>
    [FieldOffset(32)] public ulong Inode;

    /// <summary>Size in bytes.</summary>
    [FieldOffset(40)] public ulong Size;

    /// <summary>Last access, seconds.</summary>
    [FieldOffset(64)] public long AccessedSeconds;

    /// <summary>Last access, nanoseconds part.</summary>
    [FieldOffset(72)] public uint AccessedNanos;

    /// <summary>Last status change, seconds.</summary>
    [FieldOffset(96)] public long ChangedSeconds;

    /// <summary>Last status change, nanoseconds part.</summary>
    [FieldOffset(104)] public uint ChangedNanos;

    /// <summary>Last modification, seconds.</summary>
    [FieldOffset(112)] public long ModifiedSeconds;

    /// <summary>Last modification, nanoseconds part.</summary>
    [FieldOffset(120)] public uint ModifiedNanos;

    /// <summary>Converts to the job-facing record.</summary>
    public readonly HostFileStat ToHostFileStat() => new(
        (long)Size,
        Mode,
        ToNanos(ModifiedSeconds, ModifiedNanos),
        ToNanos(AccessedSeconds, AccessedNanos),
        ToNanos(ChangedSeconds, ChangedNanos),
        Inode,
        Links);

    /// <summary>Seconds and nanoseconds to Unix nanoseconds, saturating instead of overflowing for odd file systems.</summary>
    private static long ToNanos(long seconds, uint nanos)
    {
        const long Limit = long.MaxValue / 1_000_000_000L - 1;
        long clamped = Math.Clamp(seconds, -Limit, Limit);
        return clamped * 1_000_000_000L + nanos;
    }
}
