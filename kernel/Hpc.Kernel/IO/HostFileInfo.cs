using Hpc.Protocol;

namespace Hpc.IO;

/// <summary>What the host knows about a file or directory reached through the proxy.</summary>
/// <param name="Length">Size in bytes.</param>
/// <param name="Kind">File, directory, symbolic link or other.</param>
/// <param name="Mode">Permission bits.</param>
/// <param name="LastWriteTimeUtc">Last modification.</param>
public readonly record struct HostFileInfo(long Length, HostEntryKind Kind, UnixFileMode Mode, DateTime LastWriteTimeUtc)
{
    /// <summary>Converts the wire form.</summary>
    internal static HostFileInfo From(in StatReply stat) => new(
        stat.Size,
        HostEntryKinds.FromMode(stat.Mode),
        (UnixFileMode)(stat.Mode & 0xFFF),
        DateTime.UnixEpoch.AddTicks(stat.ModifiedUnixNanos / 100));

    /// <summary>Describes a local file (used outside hermit-run).</summary>
    internal static HostFileInfo From(FileSystemInfo info) => new(
        info is FileInfo file ? file.Length : 0,
        info.LinkTarget is not null ? HostEntryKind.SymbolicLink : info is DirectoryInfo ? HostEntryKind.Directory : HostEntryKind.File,
        info.UnixFileMode,
        info.LastWriteTimeUtc);
}
