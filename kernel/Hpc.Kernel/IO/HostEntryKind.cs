namespace Hpc.IO;

/// <summary>The kind of a directory entry on the host.</summary>
public enum HostEntryKind
{
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A symbolic link (reached only if it stays inside the allowed roots).</summary>
    SymbolicLink,
    /// <summary>Anything else (device, socket, pipe).</summary>
    Other,
}

/// <summary>Conversions to <see cref="HostEntryKind"/>.</summary>
internal static class HostEntryKinds
{
    /// <summary>From a Linux st_mode.</summary>
    public static HostEntryKind FromMode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => HostEntryKind.File,
        0x4000 => HostEntryKind.Directory,
        0xA000 => HostEntryKind.SymbolicLink,
        _ => HostEntryKind.Other,
    };
}
