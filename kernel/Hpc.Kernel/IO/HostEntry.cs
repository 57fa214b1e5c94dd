namespace Hpc.IO;

/// <summary>One entry of a host directory listing.</summary>
/// <param name="Name">The entry's name (no directory part).</param>
/// <param name="Kind">What it is.</param>
public readonly record struct HostEntry(string Name, HostEntryKind Kind);
