namespace Hpc.Proxy.Files;

/// <summary>The kind of a file system entry, as reported to a job.</summary>
internal enum HostFileType : byte
{
    /// <summary>Anything else: FIFO, socket, device.</summary>
    Other = 0,

    /// <summary>A regular file.</summary>
    File = 1,

    /// <summary>A directory.</summary>
    Directory = 2,

    /// <summary>A symbolic link (only seen by <c>LStat</c> and <c>ReadDir</c>; the others follow in-root links).</summary>
    Symlink = 3,
}
