using System.Runtime.InteropServices;
using System.Text;
using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>Reads a whole directory through getdents64, decoding <c>struct linux_dirent64</c> records.</summary>
internal static class DirectoryListing
{
    /// <summary>Offset of <c>d_reclen</c> (after u64 d_ino and s64 d_off).</summary>
    private const int RecordLengthOffset = 16;

    /// <summary>Offset of <c>d_type</c>.</summary>
    private const int TypeOffset = 18;

    /// <summary>Offset of the NUL-terminated <c>d_name</c>.</summary>
    private const int NameOffset = 19;

    /// <summary>DT_DIR.</summary>
    private const byte TypeDirectory = 4;

    /// <summary>DT_REG.</summary>
    private const byte TypeRegular = 8;

    /// <summary>DT_LNK.</summary>
    private const byte TypeSymlink = 10;

    /// <summary>DT_UNKNOWN: the file system did not say; ask statx.</summary>
    private const byte TypeUnknown = 0;

    /// <summary>
    /// Appends the entries of the open directory <paramref name="dirFd"/> (without <c>.</c> and <c>..</c>) and returns
    /// how many, or -errno with <paramref name="entries"/> restored; -E2BIG when more than <paramref name="maxEntries"/>.
    /// </summary>
    public static int ReadAll(int dirFd, List<HostDirEntry> entries, int maxEntries, Span<byte> buffer)
    {
        int start = entries.Count;
        while (true)
        {
            long filled = LibC.GetDents(dirFd, buffer);
            if (filled <= 0)
            {
                return filled == 0 ? entries.Count - start : Fail(entries, start, (int)filled);
            }

            int offset = 0;
            while (offset < filled)
            {
                int length = MemoryMarshal.Read<ushort>(buffer[(offset + RecordLengthOffset)..]);
                if (length <= NameOffset || offset + length > filled)
                {
                    // The kernel never does this; refuse rather than loop or read past the data.
                    return Fail(entries, start, -LinuxErrno.EIO);
                }

                ReadOnlySpan<byte> name = buffer.Slice(offset + NameOffset, length - NameOffset);
                int end = name.IndexOf((byte)0);
                name = end < 0 ? name : name[..end];
                byte type = buffer[offset + TypeOffset];
                offset += length;
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                if (entries.Count - start >= maxEntries)
                {
                    return Fail(entries, start, -LinuxErrno.E2BIG);
                }

                string text = Encoding.UTF8.GetString(name);
                entries.Add(new HostDirEntry(text, type == TypeUnknown ? StatType(dirFd, text) : Decode(type)));
            }
        }
    }

    /// <summary>Maps a d_type to the job-facing kind.</summary>
    private static HostFileType Decode(byte type) => type switch
    {
        TypeRegular => HostFileType.File,
        TypeDirectory => HostFileType.Directory,
        TypeSymlink => HostFileType.Symlink,
        _ => HostFileType.Other,
    };

    /// <summary>The kind of one entry by statx without following it (for file systems that report DT_UNKNOWN).</summary>
    private static HostFileType StatType(int dirFd, string name) =>
        LibC.Stat(dirFd, name, LibC.AtSymlinkNoFollow, out HostFileStat stat) == 0 ? stat.Type : HostFileType.Other;

    /// <summary>Drops the entries added so far and passes the error on.</summary>
    private static int Fail(List<HostDirEntry> entries, int start, int error)
    {
        entries.RemoveRange(start, entries.Count - start);
        return error;
    }
}
