using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The program's file descriptors. Each open descriptor names one of the three standard streams (0 input, 1
/// output, 2 error) — descriptors 0-2 at start, and the copies dup and fcntl(F_DUPFD) make of them (the runtime's
/// console duplicates standard output) — an end of a <see cref="Pipe"/>, or a file the kernel made
/// (<see cref="KernelFiles"/>, read at the descriptor's own offset), or the node segment (<see cref="SegmentFile"/>).
/// Closing a copy or an original leaves the others working.
/// </summary>
internal static unsafe class DescriptorTable
{
    /// <summary>Descriptors the table holds (RLIMIT_NOFILE's soft limit is 1024; the streams need few).</summary>
    public const int Capacity = 256;

    /// <summary>The value of a descriptor of the node segment (after the three streams' 1-3).</summary>
    private const byte SegmentValue = 4;
    /// <summary>First value of a pipe end: <see cref="PipeBase"/> + 2 × pipe + (1 for the write end).</summary>
    private const int PipeBase = 64;
    /// <summary>First value of a kernel file: <see cref="KernelFileBase"/> + its slot.</summary>
    private const int KernelFileBase = 128;

    /// <summary>Each kernel-file descriptor's read offset.</summary>
    private static ulong* s_offsets;

    /// <summary>For each descriptor its stream + 1, a pipe end, or 0 when closed (raw memory: no objects on the system-call path).</summary>
    private static byte* s_streams;
    /// <summary>Guards the table (threads dup and close concurrently).</summary>
    private static int s_lock;

    /// <summary>Opens descriptors 0, 1 and 2 on their streams (and claims the pipes).</summary>
    public static void Setup()
    {
        s_streams = PhysicalMemory.Claim(Capacity);
        s_offsets = (ulong*)PhysicalMemory.Claim(Capacity * sizeof(ulong));
        Pipe.Setup();
        KernelFiles.Setup();
        for (int fd = 0; fd < 3; fd++)
        {
            s_streams[fd] = (byte)(fd + 1);
        }
    }

    /// <summary>The stream descriptor <paramref name="fd"/> names (0, 1 or 2), or -1 when it is not open.</summary>
    public static int StreamOf(ulong fd) => fd < Capacity && s_streams[fd] is >= 1 and <= 3 ? s_streams[fd] - 1 : -1;

    /// <summary>True when <paramref name="fd"/> is a descriptor of the node segment.</summary>
    public static bool IsSegment(ulong fd) => fd < Capacity && s_streams[fd] == SegmentValue;

    /// <summary>Opens <see cref="SegmentFile.Descriptor"/> on the node segment (at start, before the program runs).</summary>
    public static void OpenSegment() => s_streams[SegmentFile.Descriptor] = SegmentValue;

    /// <summary>The pipe descriptor <paramref name="fd"/> is an end of (and which end), or -1.</summary>
    public static int PipeOf(ulong fd, out bool writeEnd)
    {
        int value = fd < Capacity ? s_streams[fd] : 0;
        writeEnd = (value & 1) != 0;
        return value >= PipeBase && value < KernelFileBase ? (value - PipeBase) >> 1 : -1;
    }

    /// <summary>The kernel-file slot descriptor <paramref name="fd"/> reads, or -1.</summary>
    public static int KernelFileOf(ulong fd)
    {
        int value = fd < Capacity ? s_streams[fd] : 0;
        return value >= KernelFileBase ? value - KernelFileBase : -1;
    }

    /// <summary>The read offset of kernel-file descriptor <paramref name="fd"/>.</summary>
    public static ref ulong OffsetOf(ulong fd) => ref s_offsets[fd];

    /// <summary>A descriptor for kernel-file <paramref name="slot"/> at offset 0; -1 when none is free.</summary>
    public static long OpenKernelFile(int slot)
    {
        long fd = Place((byte)(KernelFileBase + slot), 0);
        if (fd >= 0)
        {
            s_offsets[fd] = 0;
        }

        return fd;
    }

    /// <summary>True when <paramref name="fd"/> is open.</summary>
    public static bool IsOpen(ulong fd) => fd < Capacity && s_streams[fd] != 0;

    /// <summary>Descriptors for both ends of pipe <paramref name="pipe"/> (read end first); false when the table is full.</summary>
    public static bool OpenPipe(int pipe, out long readFd, out long writeFd)
    {
        readFd = Place((byte)(PipeBase + 2 * pipe), 0);
        writeFd = readFd < 0 ? -1 : Place((byte)(PipeBase + 2 * pipe + 1), 0);
        if (writeFd < 0 && readFd >= 0)
        {
            s_streams[readFd] = 0;
        }

        return writeFd >= 0;
    }

    /// <summary>Puts <paramref name="value"/> at the lowest free descriptor from <paramref name="lowest"/>; -1 when none is free.</summary>
    private static long Place(byte value, ulong lowest)
    {
        long result = -1;
        Platform.SpinLock.Enter(ref s_lock);
        for (ulong candidate = lowest; candidate < Capacity; candidate++)
        {
            if (s_streams[candidate] == 0)
            {
                s_streams[candidate] = value;
                result = (long)candidate;
                break;
            }
        }

        Platform.SpinLock.Exit(ref s_lock);
        return result;
    }

    /// <summary>A copy of <paramref name="fd"/> at the lowest free descriptor from <paramref name="lowest"/>; -1 when none is free.</summary>
    public static long Duplicate(ulong fd, ulong lowest)
    {
        if (!IsOpen(fd) || KernelFileOf(fd) >= 0)
        {
            // A kernel file's snapshot belongs to one descriptor.
            return -1;
        }

        long copy = Place(s_streams[fd], lowest);
        int pipe = PipeOf(fd, out bool writeEnd);
        if (copy >= 0 && pipe >= 0)
        {
            Pipe.AddEnd(pipe, writeEnd);
        }

        return copy;
    }

    /// <summary>Makes <paramref name="target"/> a copy of <paramref name="fd"/> (dup2/dup3), closing what it named; false when either is out of range or closed.</summary>
    public static bool DuplicateTo(ulong fd, ulong target)
    {
        if (!IsOpen(fd) || target >= Capacity || KernelFileOf(fd) >= 0)
        {
            return false;
        }

        if (fd != target)
        {
            Close(target);
            s_streams[target] = s_streams[fd];
            int pipe = PipeOf(fd, out bool writeEnd);
            if (pipe >= 0)
            {
                Pipe.AddEnd(pipe, writeEnd);
            }
        }

        return true;
    }

    /// <summary>Closes <paramref name="fd"/>; false when it was not open.</summary>
    public static bool Close(ulong fd)
    {
        if (!IsOpen(fd))
        {
            return false;
        }

        int pipe = PipeOf(fd, out bool writeEnd);
        int file = KernelFileOf(fd);
        s_streams[fd] = 0;
        if (pipe >= 0)
        {
            Pipe.CloseEnd(pipe, writeEnd);
        }

        if (file >= 0)
        {
            KernelFiles.Release(file);
        }

        return true;
    }
}
