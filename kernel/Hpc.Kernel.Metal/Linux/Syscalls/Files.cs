using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Calls on descriptors: the three standard streams, their copies and pipes (Linux/Files/): output and error write
/// to the rank's console (its ring's Stdout and Stderr records, or the serial port without a segment), input reads
/// as end of file; all are a character device that is not a terminal. The files the kernel makes
/// (Linux/Files/KernelFiles.cs) read and seek; the files the proxy opened go to <see cref="ProxiedFiles"/>. Paths
/// are opened in <see cref="Paths"/>.
/// </summary>
internal static unsafe class Files
{
    /// <summary>ioctl's "get terminal attributes".</summary>
    private const ulong TerminalGetAttributes = 0x5401;
    /// <summary>newfstatat's flag: the descriptor itself when the path is empty.</summary>
    private const ulong AtEmptyPath = 0x1000;
    /// <summary>One iovec (base, length).</summary>
    private const int IoVectorSize = 16;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        DescriptorTable.Setup();
        SyscallTable.Register(SyscallNames.Dup, &Dup);
        SyscallTable.Register(SyscallNames.Dup2, &Dup2);
        SyscallTable.Register(SyscallNames.Dup3, &Dup3);
        SyscallTable.Register(SyscallNames.Read, &Read);
        SyscallTable.Register(SyscallNames.Pipe2, &Pipe2);
        SyscallTable.Register(SyscallNames.Write, &Write);
        SyscallTable.Register(SyscallNames.Writev, &Writev);
        SyscallTable.Register(SyscallNames.Close, &Close);
        SyscallTable.Register(SyscallNames.Ioctl, &Ioctl);
        SyscallTable.Register(SyscallNames.Fstat, &Fstat);
        SyscallTable.Register(SyscallNames.NewFstatAt, &NewFstatAt);
        SyscallTable.Register(SyscallNames.Fcntl, &Fcntl);
        SyscallTable.Register(SyscallNames.Lseek, &Lseek);
        SyscallTable.Register(SyscallNames.Pread64, &Pread64);
    }

    /// <summary>True for an open descriptor.</summary>
    private static bool IsStandard(ulong fd) => DescriptorTable.IsOpen(fd);

    /// <summary>read(fd, buf, count): standard input is empty; a pipe's read end blocks until data or its end.</summary>
    private static long Read(SyscallFrame* frame)
    {
        int proxied = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (proxied >= 0)
        {
            return frame->Arg2 == 0 ? 0 : !UserPointer.IsValid(frame->Arg1, frame->Arg2) ? -(long)LinuxErrno.EFAULT : ProxiedFiles.Read(proxied, (byte*)frame->Arg1, frame->Arg2);
        }

        int file = DescriptorTable.KernelFileOf(frame->Arg0);
        if (file >= 0)
        {
            if (frame->Arg2 != 0 && !UserPointer.IsValid(frame->Arg1, frame->Arg2))
            {
                return -(long)LinuxErrno.EFAULT;
            }

            ref ulong offset = ref DescriptorTable.OffsetOf(frame->Arg0);
            long count = KernelFiles.Read(file, offset, (byte*)frame->Arg1, frame->Arg2);
            offset += (ulong)count;
            return count;
        }

        int pipe = DescriptorTable.PipeOf(frame->Arg0, out bool writeEnd);
        if (pipe >= 0 && !writeEnd)
        {
            return frame->Arg2 != 0 && !UserPointer.IsValid(frame->Arg1, frame->Arg2) ? -(long)LinuxErrno.EFAULT : Pipe.Read(pipe, (byte*)frame->Arg1, frame->Arg2);
        }

        return DescriptorTable.StreamOf(frame->Arg0) == 0 ? 0 : -(long)LinuxErrno.EBADF;
    }

    /// <summary>pread64(fd, buf, count, offset): kernel and proxied files only (the others cannot seek).</summary>
    private static long Pread64(SyscallFrame* frame)
    {
        int proxied = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (proxied >= 0)
        {
            return frame->Arg2 == 0 ? 0 : !UserPointer.IsValid(frame->Arg1, frame->Arg2) ? -(long)LinuxErrno.EFAULT : ProxiedFiles.PRead(proxied, (byte*)frame->Arg1, frame->Arg2, (long)frame->Arg3);
        }

        int file = DescriptorTable.KernelFileOf(frame->Arg0);
        if (file < 0)
        {
            return DescriptorTable.IsOpen(frame->Arg0) ? -(long)LinuxErrno.ESPIPE : -(long)LinuxErrno.EBADF;
        }

        return frame->Arg2 != 0 && !UserPointer.IsValid(frame->Arg1, frame->Arg2) ? -(long)LinuxErrno.EFAULT : KernelFiles.Read(file, frame->Arg3, (byte*)frame->Arg1, frame->Arg2);
    }

    /// <summary>lseek(fd, offset, whence): SEEK_SET, SEEK_CUR, SEEK_END on a kernel file; a proxied file's offset is the proxy's.</summary>
    private static long Lseek(SyscallFrame* frame)
    {
        if (DescriptorTable.IsSegment(frame->Arg0))
        {
            // Only its size is asked for (SEEK_END): the segment is read by mapping it.
            return frame->Arg2 == 2 && frame->Arg1 == 0 ? (long)SegmentFile.Size : frame->Arg2 <= 1 && frame->Arg1 == 0 ? 0 : -(long)LinuxErrno.EINVAL;
        }

        int proxied = DescriptorTable.ProxiedFileOf(frame->Arg0);
        if (proxied >= 0)
        {
            return ProxiedFiles.Seek(proxied, (long)frame->Arg1, (int)frame->Arg2);
        }

        int file = DescriptorTable.KernelFileOf(frame->Arg0);
        if (file < 0)
        {
            return DescriptorTable.IsOpen(frame->Arg0) ? -(long)LinuxErrno.ESPIPE : -(long)LinuxErrno.EBADF;
        }

        ref ulong offset = ref DescriptorTable.OffsetOf(frame->Arg0);
        long basis = frame->Arg2 switch { 0 => 0, 1 => (long)offset, 2 => KernelFiles.Length(file), _ => -1 };
        long target = basis + (long)frame->Arg1;
        if (basis < 0 || target < 0)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        offset = (ulong)target;
        return target;
    }

    /// <summary>pipe2(fds, flags): both ends (O_CLOEXEC and O_NONBLOCK are accepted; reads block).</summary>
    private static long Pipe2(SyscallFrame* frame)
    {
        if (!UserPointer.IsValid(frame->Arg0, 8))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        int pipe = Pipe.Create();
        if (pipe < 0 || !DescriptorTable.OpenPipe(pipe, out long readFd, out long writeFd))
        {
            return -(long)LinuxErrno.EMFILE;
        }

        ((int*)frame->Arg0)[0] = (int)readFd;
        ((int*)frame->Arg0)[1] = (int)writeFd;
        return 0;
    }

    /// <summary>dup(fd).</summary>
    private static long Dup(SyscallFrame* frame)
    {
        if (!IsStandard(frame->Arg0))
        {
            return -(long)LinuxErrno.EBADF;
        }

        long copy = DescriptorTable.Duplicate(frame->Arg0, 0);
        return copy >= 0 ? copy : -(long)LinuxErrno.EMFILE;
    }

    /// <summary>dup2(fd, target).</summary>
    private static long Dup2(SyscallFrame* frame) =>
        DescriptorTable.DuplicateTo(frame->Arg0, frame->Arg1) ? (long)frame->Arg1 : -(long)LinuxErrno.EBADF;

    /// <summary>dup3(fd, target, flags): as dup2, but the same descriptor twice is an error.</summary>
    private static long Dup3(SyscallFrame* frame) =>
        frame->Arg0 == frame->Arg1 ? -(long)LinuxErrno.EINVAL : Dup2(frame);

    /// <summary>write(fd, buf, count).</summary>
    private static long Write(SyscallFrame* frame) => WriteOut(frame->Arg0, frame->Arg1, frame->Arg2);

    /// <summary>writev(fd, iov, iovcnt): the pieces in order.</summary>
    private static long Writev(SyscallFrame* frame)
    {
        ulong count = frame->Arg2;
        if (count > 1024 || !UserPointer.IsValid(frame->Arg1, count * IoVectorSize))
        {
            return -(long)(count > 1024 ? LinuxErrno.EINVAL : LinuxErrno.EFAULT);
        }

        long total = 0;
        for (ulong i = 0; i < count; i++)
        {
            ulong* vector = (ulong*)(frame->Arg1 + i * IoVectorSize);
            long written = WriteOut(frame->Arg0, vector[0], vector[1]);
            if (written < 0)
            {
                return total > 0 ? total : written;
            }

            total += written;
        }

        return total;
    }

    /// <summary>Writes <paramref name="length"/> bytes at <paramref name="buffer"/> to a stream, a pipe or a proxied file.</summary>
    private static long WriteOut(ulong fd, ulong buffer, ulong length)
    {
        int proxied = DescriptorTable.ProxiedFileOf(fd);
        if (proxied >= 0)
        {
            return length == 0 ? 0 : !UserPointer.IsValid(buffer, length) ? -(long)LinuxErrno.EFAULT : ProxiedFiles.Write(proxied, (byte*)buffer, length);
        }

        int pipe = DescriptorTable.PipeOf(fd, out bool writeEnd);
        if (pipe >= 0 && writeEnd)
        {
            return length != 0 && !UserPointer.IsValid(buffer, length) ? -(long)LinuxErrno.EFAULT : Pipe.Write(pipe, (byte*)buffer, length);
        }

        int stream = DescriptorTable.StreamOf(fd);
        if (stream != 1 && stream != 2)
        {
            return -(long)LinuxErrno.EBADF;
        }

        if (length == 0)
        {
            return 0;
        }

        if (length > int.MaxValue || !UserPointer.IsValid(buffer, length))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        KernelConsole.Write(stream == 1 ? ProxyOp.Stdout : ProxyOp.Stderr, (byte*)buffer, (int)length);
        return (long)length;
    }

    /// <summary>fcntl commands: F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC.</summary>
    private const ulong DuplicateFrom = 0, GetDescriptorFlags = 1, SetDescriptorFlags = 2, GetStatusFlags = 3, SetStatusFlags = 4,
        DuplicateFromCloseOnExec = 0x406;

    /// <summary>
    /// fcntl(fd, cmd, arg) on a standard descriptor: its flags read as Linux's for a console (standard input
    /// O_RDONLY, output O_WRONLY; no close-on-exec: there is no exec), and setting them is accepted.
    /// </summary>
    private static long Fcntl(SyscallFrame* frame)
    {
        if (!IsStandard(frame->Arg0))
        {
            return -(long)LinuxErrno.EBADF;
        }

        if (frame->Arg1 == DuplicateFrom || frame->Arg1 == DuplicateFromCloseOnExec)
        {
            long copy = DescriptorTable.Duplicate(frame->Arg0, frame->Arg2);
            return copy >= 0 ? copy : -(long)LinuxErrno.EMFILE;
        }

        return frame->Arg1 switch
        {
            GetDescriptorFlags => 0,
            SetDescriptorFlags or SetStatusFlags => 0,
            GetStatusFlags => DescriptorTable.IsSegment(frame->Arg0) ? 2
                : DescriptorTable.ProxiedFileOf(frame->Arg0) is int proxied and >= 0 ? ProxiedFiles.StatusFlags(proxied)
                : DescriptorTable.StreamOf(frame->Arg0) == 0 ? 0 : 1,
            _ => -(long)LinuxErrno.EINVAL,
        };
    }

    /// <summary>close(fd).</summary>
    private static long Close(SyscallFrame* frame) => DescriptorTable.Close(frame->Arg0) ? 0 : -(long)LinuxErrno.EBADF;

    /// <summary>ioctl(fd, request, arg): no descriptor is a terminal.</summary>
    private static long Ioctl(SyscallFrame* frame) =>
        !IsStandard(frame->Arg0) ? -(long)LinuxErrno.EBADF : frame->Arg1 == TerminalGetAttributes ? -(long)LinuxErrno.ENOTTY : -(long)LinuxErrno.EINVAL;

    /// <summary>fstat(fd, buf).</summary>
    private static long Fstat(SyscallFrame* frame) => StatDescriptor(frame->Arg0, frame->Arg1);

    /// <summary>newfstatat(dirfd, path, buf, flags): the descriptor itself (empty path, AT_EMPTY_PATH) or a proxied path.</summary>
    private static long NewFstatAt(SyscallFrame* frame)
    {
        if (!UserPointer.IsValid(frame->Arg1, 1))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        bool emptyPath = *(byte*)frame->Arg1 == 0;
        if (!emptyPath)
        {
            return ProxiedPath.IsProxied((byte*)frame->Arg1) ? ProxiedPaths.Stat(frame->Arg0, frame->Arg1, frame->Arg2, frame->Arg3) : -(long)LinuxErrno.ENOENT;
        }

        return (frame->Arg3 & AtEmptyPath) != 0 ? StatDescriptor(frame->Arg0, frame->Arg2) : -(long)LinuxErrno.ENOENT;
    }

    /// <summary>Fills <paramref name="buffer"/> for an open descriptor: a proxied file as the proxy stats it, a kernel file, else a character device (5, 1) like /dev/console.</summary>
    private static long StatDescriptor(ulong fd, ulong buffer)
    {
        if (!IsStandard(fd))
        {
            return -(long)LinuxErrno.EBADF;
        }

        if (!UserPointer.IsValid(buffer, (ulong)sizeof(Stat)))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        if (DescriptorTable.IsSegment(fd))
        {
            *(Stat*)buffer = new Stat { Device = 4, Inode = 99, Links = 1, Mode = Stat.RegularFile | 0x180, Size = (long)SegmentFile.Size, BlockSize = 4096 };
            return 0;
        }

        int proxied = DescriptorTable.ProxiedFileOf(fd);
        if (proxied >= 0)
        {
            return ProxiedFiles.Stat(proxied, (Stat*)buffer);
        }

        int file = DescriptorTable.KernelFileOf(fd);
        if (file >= 0)
        {
            // Like /proc's files: regular, read-only, size as read now.
            *(Stat*)buffer = new Stat { Device = 4, Inode = 100 + (ulong)file, Links = 1, Mode = Stat.RegularFile | 0x124, Size = KernelFiles.Length(file), BlockSize = 4096 };
            return 0;
        }

        *(Stat*)buffer = new Stat
        {
            Device = 5,
            Inode = 1 + (ulong)DescriptorTable.StreamOf(fd),
            Links = 1,
            Mode = Stat.CharacterDevice | 0x180 | 0x10, // rw--w----
            RDevice = (5 << 8) | 1,
            BlockSize = 4096,
        };
        return 0;
    }
}
