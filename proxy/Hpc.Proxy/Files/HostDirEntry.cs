namespace Hpc.Proxy.Files;

/// <summary>One directory entry: its name (never <c>.</c> or <c>..</c>) and what it is (a symlink is not followed).</summary>
/// <param name="Name">The entry name; bytes that are not UTF-8 become U+FFFD.</param>
/// <param name="Type">The entry's kind.</param>
internal readonly record struct HostDirEntry(string Name, HostFileType Type);
