using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// One file or directory the proxy opened for the program: its handle there, and what the kernel needs beside it
/// (the open flags for fcntl, and for a directory its path and listing position, since the proxy lists by path, and
/// the entries it sent that getdents64 has not returned yet).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ProxiedFile
{
    /// <summary>Descriptors naming this file (dup shares it); 0 when the slot is free.</summary>
    public int References;
    /// <summary>The proxy's handle.</summary>
    public int Handle;
    /// <summary>The open flags as the program gave them (O_ACCMODE, O_APPEND...).</summary>
    public int Flags;
    /// <summary>Non-zero for a directory.</summary>
    public int IsDirectory;
    /// <summary>Index of the next directory entry getdents64 returns.</summary>
    public long Cursor;
    /// <summary>The <see cref="ListingPages"/> buffer holding entries sent but not yet read, + 1; 0 for none.</summary>
    public int Page;
    /// <summary>Where the next unread entry starts in the page.</summary>
    public int PageOffset;
    /// <summary>Bytes of entries in the page.</summary>
    public int PageLength;
    /// <summary>Entries left in the page.</summary>
    public int PageEntries;
    /// <summary>Non-zero when the page ends the listing (the proxy said no more follow).</summary>
    public int PageIsLast;
    /// <summary>Bytes of <see cref="Path"/>.</summary>
    public int PathLength;
    /// <summary>The path as sent to the proxy (relative paths stay relative: the proxy resolves them), no NUL.</summary>
    public fixed byte Path[ProxyCall.MaxPath];
}
