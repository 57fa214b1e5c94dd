using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Calls on descriptors of files the proxy opened (<see cref="ProxiedFileTable"/>): each becomes one or more file
/// requests on the rank's ring (<see cref="ProxyCall"/>), served by the proxy's confined file system as a hosted
/// rank's are. Reads and writes larger than a record or a reply go in pieces. <see cref="Files"/> sends the
/// common calls (read, write, lseek, fstat...) here for these descriptors; this family registers the calls only
/// files have.
/// </summary>
internal static unsafe class ProxiedFiles
{
    /// <summary>S_IFMT and S_IFDIR.</summary>
    private const int TypeMask = 0xF000, DirectoryType = 0x4000;
    /// <summary>getdents64's d_type values for a file, a directory, a symbolic link and anything else.</summary>
    private const byte RegularEntry = 8, DirectoryEntry = 4, LinkEntry = 10, UnknownEntry = 0;
    /// <summary>The fixed part of a linux_dirent64 (d_ino, d_off, d_reclen, d_type).</summary>
    private const int DirentHeaderSize = 19;
    /// <summary>A directory's cursor once its listing has been read to the end.</summary>
    private const long ListingEnded = long.MaxValue;
    /// <summary>The device number stat reports for proxied files (no real device stands behind them here).</summary>
    private const ulong ProxiedDevice = 0x2A;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        ProxyCall.Setup();
        WorkingDirectory.Setup();
        SyscallTable.Register(SyscallNames.Pwrite64, &Pwrite64);
        SyscallTable.Register(SyscallNames.Getdents64, &Getdents64);
        SyscallTable.Register(SyscallNames.Ftruncate, &Ftruncate);
        SyscallTable.Register(SyscallNames.Fsync, &Fsync);
        SyscallTable.Register(SyscallNames.Fdatasync, &Fsync);
        SyscallTable.Register(SyscallNames.Flock, &Flock);
        SyscallTable.Register(SyscallNames.Fadvise64, &Fadvise64);
        SyscallTable.Register(SyscallNames.Fstatfs, &Fstatfs);
    }

    /// <summary>read at the file's offset into <paramref name="buffer"/> (checked by the caller).</summary>
    public static long Read(int slot, byte* buffer, ulong count) => ReadPieces(ProxyOp.Read, slot, buffer, count, 0);

    /// <summary>pread64 at <paramref name="offset"/>.</summary>
    public static long PRead(int slot, byte* buffer, ulong count, long offset) =>
        offset < 0 ? -LinuxErrno.EINVAL : ReadPieces(ProxyOp.PRead, slot, buffer, count, offset);

    /// <summary>write at the file's offset (or its end with O_APPEND: the proxy's descriptor has the flag).</summary>
    public static long Write(int slot, byte* buffer, ulong count) => WritePieces(ProxyOp.Write, slot, buffer, count, 0);

    /// <summary>lseek: the proxy's offset; on a directory only a rewind (rewinddir), which restarts the listing.</summary>
    public static long Seek(int slot, long offset, int whence)
    {
        ProxiedFile* file = ProxiedFileTable.At(slot);
        if (file->IsDirectory != 0)
        {
            if (whence != 0 || offset < 0)
            {
                return -LinuxErrno.EINVAL;
            }

            ProxyCall.Enter();
            ProxiedFileTable.DropPage(file);
            file->Cursor = offset;
            ProxyCall.Exit();
            return offset;
        }

        return ProxyCall.SendAlone(ProxyOp.Seek, new FileParams { Handle = file->Handle, Offset = offset, Whence = whence }, null, 0);
    }

    /// <summary>fstat of the file into <paramref name="buffer"/> (checked by the caller).</summary>
    public static long Stat(int slot, Stat* buffer)
    {
        ProxyCall.Enter();
        long result = ProxyCall.Send(ProxyOp.FStat, new FileParams { Handle = ProxiedFileTable.At(slot)->Handle }, null, 0);
        if (result >= 0)
        {
            result = FillStat(buffer);
        }

        ProxyCall.Exit();
        return result;
    }

    /// <summary>fcntl(F_GETFL): the flags the file was opened with.</summary>
    public static long StatusFlags(int slot) => ProxiedFileTable.At(slot)->Flags;

    /// <summary>
    /// Fills <paramref name="buffer"/> from the <see cref="StatReply"/> in the reply area (the caller has the turn and
    /// the call succeeded); 0, or -EIO when the reply is short.
    /// </summary>
    public static long FillStat(Stat* buffer)
    {
        if (ProxyCall.ReplyLength < sizeof(StatReply))
        {
            return -LinuxErrno.EIO;
        }

        StatReply* reply = (StatReply*)ProxyCall.ReplyData;
        *buffer = new Stat
        {
            Device = ProxiedDevice,
            Inode = (ulong)reply->Inode,
            Links = (ulong)reply->Links,
            Mode = (uint)reply->Mode,
            Size = reply->Size,
            BlockSize = 4096,
            Blocks = (reply->Size + 511) / 512,
            AccessSeconds = Seconds(reply->AccessedUnixNanos),
            AccessNanoseconds = Nanoseconds(reply->AccessedUnixNanos),
            ModifySeconds = Seconds(reply->ModifiedUnixNanos),
            ModifyNanoseconds = Nanoseconds(reply->ModifiedUnixNanos),
            ChangeSeconds = Seconds(reply->ChangedUnixNanos),
            ChangeNanoseconds = Nanoseconds(reply->ChangedUnixNanos),
        };
        return 0;
    }

    /// <summary>pwrite64(fd, buf, count, offset).</summary>
    private static long Pwrite64(SyscallFrame* frame)
    {
        int slot = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (slot < 0)
        {
            return DescriptorTable.IsOpen(frame->Arg0) ? -LinuxErrno.ESPIPE : -LinuxErrno.EBADF;
        }

        if ((long)frame->Arg3 < 0)
        {
            return -LinuxErrno.EINVAL;
        }

        return frame->Arg2 != 0 && !UserPointer.IsValid(frame->Arg1, frame->Arg2)
            ? -LinuxErrno.EFAULT
            : WritePieces(ProxyOp.PWrite, slot, (byte*)frame->Arg1, frame->Arg2, (long)frame->Arg3);
    }

    /// <summary>ftruncate(fd, length).</summary>
    private static long Ftruncate(SyscallFrame* frame)
    {
        int slot = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (slot < 0)
        {
            return DescriptorTable.IsOpen(frame->Arg0) ? -LinuxErrno.EINVAL : -LinuxErrno.EBADF;
        }

        return (long)frame->Arg1 < 0
            ? -LinuxErrno.EINVAL
            : ProxyCall.SendAlone(ProxyOp.Truncate, new FileParams { Handle = ProxiedFileTable.At(slot)->Handle, Offset = (long)frame->Arg1 }, null, 0);
    }

    /// <summary>fsync(fd) and fdatasync(fd): the proxy syncs its descriptor; the standard streams and pipes have nothing to sync.</summary>
    private static long Fsync(SyscallFrame* frame)
    {
        int slot = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (slot < 0)
        {
            return DescriptorTable.IsOpen(frame->Arg0) ? -LinuxErrno.EINVAL : -LinuxErrno.EBADF;
        }

        return ProxyCall.SendAlone(ProxyOp.Sync, new FileParams { Handle = ProxiedFileTable.At(slot)->Handle }, null, 0);
    }

    /// <summary>
    /// flock(fd, operation): granted at once. The runtime locks each FileStream's file against other processes; the
    /// ranks of an isle are one process, and the proxy's confinement, not locks, keeps other jobs apart.
    /// </summary>
    private static long Flock(SyscallFrame* frame) => DescriptorTable.IsOpen(frame->Arg0) ? 0 : -LinuxErrno.EBADF;

    /// <summary>
    /// fstatfs(fd, buf): not implemented for any descriptor (the proxy does not say which file system holds a file).
    /// The runtime asks it of files opened for writing, to spare shared locks on NFS and SMB, and goes on without.
    /// </summary>
    private static long Fstatfs(SyscallFrame* frame) => DescriptorTable.IsOpen(frame->Arg0) ? -LinuxErrno.ENOSYS : -LinuxErrno.EBADF;

    /// <summary>fadvise64(fd, offset, len, advice): advice only, taken and ignored.</summary>
    private static long Fadvise64(SyscallFrame* frame) =>
        DescriptorTable.ProxiedFileOf(frame->Arg0) >= 0 ? 0 : DescriptorTable.IsOpen(frame->Arg0) ? -LinuxErrno.ESPIPE : -LinuxErrno.EBADF;

    /// <summary>
    /// getdents64(fd, dirp, count): the proxy lists the directory by its path from the descriptor's position on; as
    /// many entries as fit become linux_dirent64 records, the rest wait in a <see cref="ListingPages"/> buffer (the proxy leaves out "." and "..", which the runtime skips
    /// anyway; inodes are made up and non-zero, since glibc skips entries whose inode is 0).
    /// </summary>
    private static long Getdents64(SyscallFrame* frame)
    {
        int slot = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (slot < 0)
        {
            return DescriptorTable.IsOpen(frame->Arg0) ? -LinuxErrno.ENOTDIR : -LinuxErrno.EBADF;
        }

        ulong capacity = frame->Arg2;
        if (capacity == 0 || !UserPointer.IsValid(frame->Arg1, capacity))
        {
            return -LinuxErrno.EFAULT;
        }

        ProxiedFile* file = ProxiedFileTable.At(slot);
        ProxyCall.Enter();
        if (file->IsDirectory == 0)
        {
            // Opened without O_DIRECTORY: a directory all the same if the proxy says so.
            long stat = ProxyCall.Send(ProxyOp.FStat, new FileParams { Handle = file->Handle }, null, 0);
            if (stat < 0 || ProxyCall.ReplyLength < sizeof(StatReply) || (((StatReply*)ProxyCall.ReplyData)->Mode & TypeMask) != DirectoryType)
            {
                ProxyCall.Exit();
                return stat < 0 ? stat : -LinuxErrno.ENOTDIR;
            }

            file->IsDirectory = 1;
        }

        if (file->Cursor == ListingEnded)
        {
            ProxyCall.Exit();
            return 0;
        }

        byte* page;
        int pageLength, offset;
        long entries;
        bool last, fromReply = file->Page == 0;
        if (!fromReply)
        {
            page = ListingPages.Data(file->Page - 1);
            pageLength = file->PageLength;
            offset = file->PageOffset;
            entries = file->PageEntries;
            last = file->PageIsLast != 0;
        }
        else
        {
            long result = ProxyCall.Send(ProxyOp.ReadDir, new FileParams { Offset = file->Cursor }, file->Path, file->PathLength);
            if (result <= 0)
            {
                ProxyCall.Exit();
                // Past the end of a listing taken again after entries were removed (the proxy lists anew once another
                // directory was listed): the end, as Linux reports it.
                return result == -LinuxErrno.EINVAL && file->Cursor > 0 ? 0 : result;
            }

            page = ProxyCall.ReplyData;
            pageLength = ProxyCall.ReplyLength;
            offset = 0;
            entries = result;
            last = ProxyCall.ReplyExtra == 0;
        }

        long taken = WriteEntries(file->Cursor, new ReadOnlySpan<byte>(page, pageLength), ref offset, entries, (byte*)frame->Arg1, capacity, out ulong used);
        long left = entries - taken;
        file->Cursor += taken;
        if (left == 0)
        {
            ProxiedFileTable.DropPage(file);
            // A last page read whole ends the listing here: asking again would list anew, and removals since would
            // shift what the positions mean (the runtime deletes while it enumerates).
            file->Cursor = last ? ListingEnded : file->Cursor;
        }
        else if (fromReply)
        {
            // Keep the rest for the next call; without a free page the next call asks the proxy from the cursor on.
            int lent = ListingPages.Take(slot, page + offset, pageLength - offset);
            if (lent >= 0)
            {
                file->Page = lent + 1;
                file->PageOffset = 0;
                file->PageLength = pageLength - offset;
                file->PageEntries = (int)left;
                file->PageIsLast = last ? 1 : 0;
            }
        }
        else
        {
            file->PageOffset = offset;
            file->PageEntries = (int)left;
        }

        ProxyCall.Exit();
        return taken == 0 ? -LinuxErrno.EINVAL : (long)used;
    }

    /// <summary>
    /// Writes up to <paramref name="entries"/> entries from <paramref name="page"/> (from <paramref name="offset"/>,
    /// moved past those written) as linux_dirent64 records into the <paramref name="capacity"/> bytes at
    /// <paramref name="into"/>, numbering them from <paramref name="first"/>; returns how many fit.
    /// </summary>
    private static long WriteEntries(long first, ReadOnlySpan<byte> page, ref int offset, long entries, byte* into, ulong capacity, out ulong used)
    {
        used = 0;
        long taken = 0;
        int next = offset;
        while (taken < entries && DirEntryCodec.TryRead(page, ref next, out byte type, out ReadOnlySpan<byte> name))
        {
            ulong size = (ulong)(DirentHeaderSize + name.Length + 1 + 7) & ~7UL;
            if (used + size > capacity)
            {
                break;
            }

            long index = first + taken;
            byte* record = into + used;
            *(ulong*)record = (ulong)index + 1;
            *(long*)(record + 8) = index + 1;
            *(ushort*)(record + 16) = (ushort)size;
            record[18] = type switch { 0 => RegularEntry, 1 => DirectoryEntry, 2 => LinkEntry, _ => UnknownEntry };
            for (int i = 0; i < name.Length; i++)
            {
                record[DirentHeaderSize + i] = name[i];
            }

            for (ulong i = (ulong)(DirentHeaderSize + name.Length); i < size; i++)
            {
                record[i] = 0;
            }

            used += size;
            taken++;
            offset = next;
        }

        return taken;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes in reply-sized pieces until one comes back short.</summary>
    private static long ReadPieces(ProxyOp op, int slot, byte* buffer, ulong count, long offset)
    {
        int handle = ProxiedFileTable.At(slot)->Handle;
        long total = 0;
        ProxyCall.Enter();
        while ((ulong)total < count)
        {
            ulong left = count - (ulong)total;
            int piece = left < (ulong)ProxyCall.ReplyCapacity ? (int)left : ProxyCall.ReplyCapacity;
            long got = ProxyCall.Send(op, new FileParams { Handle = handle, Count = piece, Offset = offset + total }, null, 0);
            if (got < 0)
            {
                ProxyCall.Exit();
                return total > 0 ? total : got;
            }

            int length = got < ProxyCall.ReplyLength ? (int)got : ProxyCall.ReplyLength;
            Buffer.MemoryCopy(ProxyCall.ReplyData, buffer + total, length, length);
            total += length;
            if (length < piece)
            {
                break;
            }
        }

        ProxyCall.Exit();
        return total;
    }

    /// <summary>Writes <paramref name="count"/> bytes in record-sized pieces, each answered before the next goes.</summary>
    private static long WritePieces(ProxyOp op, int slot, byte* buffer, ulong count, long offset)
    {
        int handle = ProxiedFileTable.At(slot)->Handle;
        long total = 0;
        ProxyCall.Enter();
        do
        {
            ulong left = count - (ulong)total;
            int piece = left < (ulong)ProxyCall.MaxData ? (int)left : ProxyCall.MaxData;
            long written = ProxyCall.Send(op, new FileParams { Handle = handle, Offset = offset + total }, buffer + total, piece);
            if (written < 0)
            {
                ProxyCall.Exit();
                return total > 0 ? total : written;
            }

            total += written;
            if (written < piece)
            {
                break;
            }
        }
        while ((ulong)total < count);

        ProxyCall.Exit();
        return total;
    }

    /// <summary>Whole seconds of a time in nanoseconds since the epoch.</summary>
    private static long Seconds(long nanoseconds) => nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000;

    /// <summary>The nanoseconds past <see cref="Seconds"/>.</summary>
    private static long Nanoseconds(long nanoseconds) => nanoseconds - Seconds(nanoseconds) * 1_000_000_000;
}
