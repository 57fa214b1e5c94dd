using System.Runtime.InteropServices;
using System.Text;
using Hpc.Protocol;
using Hpc.Proxy.Files;

namespace Hpc.Proxy.Serving;

/// <summary>
/// Serves forwarded file requests from ranks: decodes the (untrusted) parameters, calls the confined file system
/// and writes the reply. Nothing a request holds can make it throw: every malformed field becomes an errno.
/// </summary>
internal sealed class FileRequestHandler
{
    /// <summary>Longest path accepted, as Linux's PATH_MAX.</summary>
    private const int MaxPath = 4096;

    /// <summary>Decodes UTF-8 strictly: a path with invalid bytes is refused, not "repaired".</summary>
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Does the I/O inside the allowed roots.</summary>
    private readonly ConfinedFileSystem _files;
    /// <summary>First failed write-behind per (rank, handle), reported at the next call on that handle.</summary>
    private readonly Dictionary<(int Rank, int Handle), long> _deferredErrors = [];
    /// <summary>Directory listings being paged through, per rank.</summary>
    private readonly Dictionary<int, (string Path, List<HostDirEntry> Entries)> _listings = [];

    /// <summary>Serves requests with <paramref name="files"/>.</summary>
    public FileRequestHandler(ConfinedFileSystem files) => _files = files;

    /// <summary>
    /// Handles one request of <paramref name="rank"/>; returns the result for the reply, writing reply data into
    /// <paramref name="reply"/> and setting <paramref name="replyLength"/> and <paramref name="extra"/>.
    /// </summary>
    public long Handle(int rank, ProxyOp op, ReadOnlySpan<byte> payload, Span<byte> reply, out int replyLength, out int extra)
    {
        replyLength = 0;
        extra = 0;
        int headSize = Marshal.SizeOf<FileParams>();
        if (payload.Length < headSize)
        {
            return -LinuxErrno.EINVAL;
        }

        FileParams p = MemoryMarshal.Read<FileParams>(payload);
        ReadOnlySpan<byte> body = payload[headSize..];
        switch (op)
        {
            case ProxyOp.Write:
            case ProxyOp.PWrite:
                long written = op == ProxyOp.Write ? _files.Write(rank, p.Handle, body) : _files.PWrite(rank, p.Handle, body, p.Offset);
                if (written < 0)
                {
                    _deferredErrors.TryAdd((rank, p.Handle), written);
                }

                return written;
            case ProxyOp.Read:
            case ProxyOp.PRead:
                if (TakeDeferred(rank, p.Handle) is long readError)
                {
                    return readError;
                }

                Span<byte> into = reply[..(int)Math.Clamp(p.Count, 0, reply.Length)];
                long read = op == ProxyOp.Read ? _files.Read(rank, p.Handle, into) : _files.PRead(rank, p.Handle, into, p.Offset);
                replyLength = read > 0 ? (int)read : 0;
                return read;
            case ProxyOp.Seek:
                return TakeDeferred(rank, p.Handle) ?? _files.Seek(rank, p.Handle, p.Offset, p.Whence);
            case ProxyOp.Flush:
                // Nothing is buffered here: a flush only reports a deferred error, or EBADF for a bad handle.
                return TakeDeferred(rank, p.Handle) ?? Math.Min(0, _files.FStat(rank, p.Handle, out _));
            case ProxyOp.Truncate:
                return TakeDeferred(rank, p.Handle) ?? _files.Truncate(rank, p.Handle, p.Offset);
            case ProxyOp.Sync:
                return TakeDeferred(rank, p.Handle) ?? _files.Sync(rank, p.Handle);
            case ProxyOp.Close:
                long deferred = TakeDeferred(rank, p.Handle) ?? 0;
                int closed = _files.Close(rank, p.Handle);
                return deferred < 0 ? deferred : closed;
            case ProxyOp.FStat:
                return WriteStat(_files.FStat(rank, p.Handle, out HostFileStat fileStat), fileStat, reply, out replyLength);
            case ProxyOp.Rename:
                if (p.Count < 0 || p.Count > body.Length)
                {
                    return -LinuxErrno.EINVAL;
                }

                int fromLength = (int)p.Count;
                if (DecodePath(body[..fromLength], out string from) is int fromError)
                {
                    return fromError;
                }

                return DecodePath(body[fromLength..], out string to) is int toError ? toError : _files.Rename(rank, from, to);
        }

        if (DecodePath(body, out string path) is int pathError)
        {
            return pathError;
        }

        switch (op)
        {
            case ProxyOp.Open:
                return _files.Open(rank, path, p.Flags, p.Mode);
            case ProxyOp.Stat:
                return WriteStat(_files.Stat(rank, path, out HostFileStat stat), stat, reply, out replyLength);
            case ProxyOp.LStat:
                return WriteStat(_files.LStat(rank, path, out HostFileStat linkStat), linkStat, reply, out replyLength);
            case ProxyOp.ReadLink:
                int linkLength = _files.ReadLink(rank, path, reply);
                replyLength = Math.Max(0, linkLength);
                return linkLength;
            case ProxyOp.Unlink:
                return _files.Unlink(rank, path);
            case ProxyOp.Mkdir:
                return _files.Mkdir(rank, path, p.Mode);
            case ProxyOp.Rmdir:
                return _files.Rmdir(rank, path);
            case ProxyOp.ReadDir:
                return ReadDir(rank, path, p.Offset, reply, out replyLength, out extra);
            default:
                return -LinuxErrno.ENOSYS;
        }
    }

    /// <summary>A rank ended: close its files and forget its state.</summary>
    public void RankEnded(int rank)
    {
        _files.CloseAll(rank);
        _listings.Remove(rank);
        foreach ((int, int) key in _deferredErrors.Keys.Where(k => k.Rank == rank).ToList())
        {
            _deferredErrors.Remove(key);
        }
    }

    /// <summary>Returns and forgets a deferred write error of a handle, if any.</summary>
    private long? TakeDeferred(int rank, int handle) =>
        _deferredErrors.Remove((rank, handle), out long error) ? error : null;

    /// <summary>Packs directory entries from <paramref name="start"/> on; Extra = 1 when more follow.</summary>
    private long ReadDir(int rank, string path, long start, Span<byte> reply, out int replyLength, out int extra)
    {
        replyLength = 0;
        extra = 0;
        if (start == 0 || !_listings.TryGetValue(rank, out var listing) || listing.Path != path)
        {
            var entries = new List<HostDirEntry>();
            int result = _files.ReadDir(rank, path, entries);
            if (result < 0)
            {
                return result;
            }

            listing = (path, entries);
            _listings[rank] = listing;
        }

        if (start < 0 || start > listing.Entries.Count)
        {
            return -LinuxErrno.EINVAL;
        }

        int offset = 0;
        int index = (int)start;
        byte[] name = new byte[1024];
        for (; index < listing.Entries.Count; index++)
        {
            HostDirEntry entry = listing.Entries[index];
            int length = Encoding.UTF8.GetByteCount(entry.Name);
            if (length > name.Length)
            {
                name = new byte[length];
            }

            Encoding.UTF8.GetBytes(entry.Name, name);
            if (!DirEntryCodec.TryWrite(reply, ref offset, WireType(entry.Type), name.AsSpan(0, length)))
            {
                break;
            }
        }

        replyLength = offset;
        extra = index < listing.Entries.Count ? 1 : 0;
        if (extra == 0)
        {
            _listings.Remove(rank);
        }

        return index - start;
    }

    /// <summary>Writes a stat reply when the call succeeded.</summary>
    private static long WriteStat(int result, in HostFileStat stat, Span<byte> reply, out int replyLength)
    {
        replyLength = 0;
        if (result < 0)
        {
            return result;
        }

        var wire = new StatReply
        {
            Size = stat.Size,
            Mode = (int)stat.Mode,
            Links = (int)stat.Links,
            Inode = (long)stat.Inode,
            ModifiedUnixNanos = stat.ModifiedUnixNanos,
            AccessedUnixNanos = stat.AccessedUnixNanos,
            ChangedUnixNanos = stat.ChangedUnixNanos,
        };
        MemoryMarshal.Write(reply, in wire);
        replyLength = Marshal.SizeOf<StatReply>();
        return result;
    }

    /// <summary>Decodes a path; returns a negative errno for an empty, overlong, NUL-holding or non-UTF-8 one.</summary>
    private static int? DecodePath(ReadOnlySpan<byte> bytes, out string path)
    {
        path = "";
        if (bytes.IsEmpty || bytes.Contains((byte)0))
        {
            return -LinuxErrno.EINVAL;
        }

        if (bytes.Length > MaxPath)
        {
            return -LinuxErrno.ENAMETOOLONG;
        }

        try
        {
            path = s_strictUtf8.GetString(bytes);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return -LinuxErrno.EINVAL;
        }
    }

    /// <summary>The wire type byte of a directory entry (see <see cref="DirEntryCodec"/>).</summary>
    private static byte WireType(HostFileType type) => type switch
    {
        HostFileType.File => 0,
        HostFileType.Directory => 1,
        HostFileType.Symlink => 2,
        _ => 3,
    };
}
