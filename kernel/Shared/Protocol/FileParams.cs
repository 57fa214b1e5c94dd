using System.Runtime.InteropServices;

namespace Hpc.Protocol;

/// <summary>
/// The fixed part of every forwarded file request; each op uses the fields its documentation names and leaves the
/// others zero. One struct instead of one per op keeps the proxy's validation in one place.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FileParams
{
    /// <summary>The open file's handle (from <see cref="ProxyOp.Open"/>).</summary>
    public int Handle;
    /// <summary>Linux open flags (<c>O_*</c>).</summary>
    public int Flags;
    /// <summary>Permission bits for created files and directories.</summary>
    public int Mode;
    /// <summary>Seek origin: 0 begin, 1 current, 2 end.</summary>
    public int Whence;
    /// <summary>Byte count asked for (reads) or the first string's length (rename).</summary>
    public long Count;
    /// <summary>File offset, new length, or directory entry index.</summary>
    public long Offset;
}
