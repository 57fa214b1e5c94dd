using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The program's file descriptors. Each open descriptor has a <see cref="DescriptorKind"/> and a number whose
/// meaning the kind gives: one of the three standard streams (0 input, 1 output, 2 error — descriptors 0-2 at start,
/// and the copies dup and fcntl(F_DUPFD) make of them: the runtime's console duplicates standard output), an end of
/// a <see cref="Pipe"/>, a file the kernel made (<see cref="KernelFiles"/>, read at the descriptor's own offset), or
/// a file the proxy opened (<see cref="ProxiedFileTable"/>, shared by its copies as Linux shares an open file), or
/// the node segment (<see cref="SegmentFile"/>).
/// Closing a copy or an original leaves the others working.
/// </summary>
internal static unsafe class DescriptorTable
{
    /// <summary>Descriptors the table holds (RLIMIT_NOFILE's soft limit is 1024; a job needs few).</summary>
    public const int Capacity = 256;

    /// <summary>Each descriptor's kind (raw memory: no objects on the system-call path).</summary>
    private static DescriptorKind* s_kinds;
    /// <summary>Each descriptor's number: stream, pipe or slot, as its kind says.</summary>
    private static int* s_numbers;
    /// <summary>Each kernel-file descriptor's read offset.</summary>
    private static ulong* s_offsets;
    /// <summary>Guards placing descriptors (threads open, dup and close concurrently).</summary>
    private static int s_lock;

    /// <summary>Opens descriptors 0, 1 and 2 on their streams (and claims the pipes, kernel and proxied files).</summary>
    public static void Setup()
    {
        s_kinds = (DescriptorKind*)PhysicalMemory.Claim(Capacity);
        s_numbers = (int*)PhysicalMemory.Claim(Capacity * sizeof(int));
        s_offsets = (ulong*)PhysicalMemory.Claim(Capacity * sizeof(ulong));
        Pipe.Setup();
        KernelFiles.Setup();
        ProxiedFileTable.Setup();
        for (int fd = 0; fd < 3; fd++)
        {
            s_numbers[fd] = fd;
            s_kinds[fd] = DescriptorKind.Stream;
        }
    }

    /// <summary>What <paramref name="fd"/> names (<see cref="DescriptorKind.Closed"/> when out of range or not open).</summary>
    public static DescriptorKind KindOf(ulong fd) => fd < Capacity ? s_kinds[fd] : DescriptorKind.Closed;

    /// <summary>True when <paramref name="fd"/> is open.</summary>
    public static bool IsOpen(ulong fd) => KindOf(fd) != DescriptorKind.Closed;

    /// <summary>True when <paramref name="fd"/> is a descriptor of the node segment.</summary>
    public static bool IsSegment(ulong fd) => KindOf(fd) == DescriptorKind.Segment;

    /// <summary>Opens <see cref="SegmentFile.Descriptor"/> on the node segment (at start, before the program runs).</summary>
    public static void OpenSegment()
    {
        s_kinds[SegmentFile.Descriptor] = DescriptorKind.Segment;
        s_numbers[SegmentFile.Descriptor] = 0;
    }

    /// <summary>The stream descriptor <paramref name="fd"/> names (0, 1 or 2), or -1.</summary>
    public static int StreamOf(ulong fd) => NumberIf(fd, DescriptorKind.Stream);

    /// <summary>The pipe descriptor <paramref name="fd"/> is an end of (and which end), or -1.</summary>
    public static int PipeOf(ulong fd, out bool writeEnd)
    {
        DescriptorKind kind = KindOf(fd);
        writeEnd = kind == DescriptorKind.PipeWrite;
        return kind is DescriptorKind.PipeRead or DescriptorKind.PipeWrite ? s_numbers[fd] : -1;
    }

    /// <summary>The kernel-file slot descriptor <paramref name="fd"/> reads, or -1.</summary>
    public static int KernelFileOf(ulong fd) => NumberIf(fd, DescriptorKind.KernelFile);

    /// <summary>The proxied-file slot of <paramref name="fd"/>, or -1.</summary>
    public static int ProxiedFileOf(ulong fd) => NumberIf(fd, DescriptorKind.ProxiedFile);

    /// <summary>The read offset of kernel-file descriptor <paramref name="fd"/>.</summary>
    public static ref ulong OffsetOf(ulong fd) => ref s_offsets[fd];

    /// <summary>A descriptor for kernel-file <paramref name="slot"/> at offset 0; -1 when none is free.</summary>
    public static long OpenKernelFile(int slot)
    {
        long fd = Place(DescriptorKind.KernelFile, slot, 0);
        if (fd >= 0)
        {
            s_offsets[fd] = 0;
        }

        return fd;
    }

    /// <summary>A descriptor for proxied-file <paramref name="slot"/> (its first reference); -1 when none is free.</summary>
    public static long OpenProxiedFile(int slot) => Place(DescriptorKind.ProxiedFile, slot, 0);

    /// <summary>Descriptors for both ends of pipe <paramref name="pipe"/> (read end first); false when the table is full.</summary>
    public static bool OpenPipe(int pipe, out long readFd, out long writeFd)
    {
        readFd = Place(DescriptorKind.PipeRead, pipe, 0);
        writeFd = readFd < 0 ? -1 : Place(DescriptorKind.PipeWrite, pipe, 0);
        if (writeFd < 0 && readFd >= 0)
        {
            s_kinds[readFd] = DescriptorKind.Closed;
        }

        return writeFd >= 0;
    }

    /// <summary>A copy of <paramref name="fd"/> at the lowest free descriptor from <paramref name="lowest"/>; -1 when none is free.</summary>
    public static long Duplicate(ulong fd, ulong lowest)
    {
        DescriptorKind kind = KindOf(fd);
        if (kind is DescriptorKind.Closed or DescriptorKind.KernelFile)
        {
            // A kernel file's snapshot and offset belong to one descriptor.
            return -1;
        }

        int number = s_numbers[fd];
        long copy = Place(kind, number, lowest);
        if (copy >= 0)
        {
            AddReference(kind, number);
        }

        return copy;
    }

    /// <summary>Makes <paramref name="target"/> a copy of <paramref name="fd"/> (dup2/dup3), closing what it named; false when either is out of range or closed.</summary>
    public static bool DuplicateTo(ulong fd, ulong target)
    {
        DescriptorKind kind = KindOf(fd);
        if (kind is DescriptorKind.Closed or DescriptorKind.KernelFile || target >= Capacity)
        {
            return false;
        }

        if (fd != target)
        {
            Close(target);
            int number = s_numbers[fd];
            AddReference(kind, number);
            s_numbers[target] = number;
            s_kinds[target] = kind;
        }

        return true;
    }

    /// <summary>Closes <paramref name="fd"/>; false when it was not open. The last descriptor of a proxied file closes it at the proxy (its error is lost, as close's is on Linux).</summary>
    public static bool Close(ulong fd)
    {
        DescriptorKind kind = KindOf(fd);
        if (kind == DescriptorKind.Closed)
        {
            return false;
        }

        int number = s_numbers[fd];
        s_kinds[fd] = DescriptorKind.Closed;
        switch (kind)
        {
            case DescriptorKind.PipeRead:
            case DescriptorKind.PipeWrite:
                Pipe.CloseEnd(number, kind == DescriptorKind.PipeWrite);
                break;
            case DescriptorKind.KernelFile:
                KernelFiles.Release(number);
                break;
            case DescriptorKind.ProxiedFile:
                ProxiedFileTable.Release(number);
                break;
        }

        return true;
    }

    /// <summary>The number of <paramref name="fd"/> when it is of <paramref name="kind"/>, else -1.</summary>
    private static int NumberIf(ulong fd, DescriptorKind kind) => KindOf(fd) == kind ? s_numbers[fd] : -1;

    /// <summary>Counts one more descriptor on a shared object (a pipe end or a proxied file).</summary>
    private static void AddReference(DescriptorKind kind, int number)
    {
        if (kind is DescriptorKind.PipeRead or DescriptorKind.PipeWrite)
        {
            Pipe.AddEnd(number, kind == DescriptorKind.PipeWrite);
        }
        else if (kind == DescriptorKind.ProxiedFile)
        {
            ProxiedFileTable.AddReference(number);
        }
    }

    /// <summary>Puts (<paramref name="kind"/>, <paramref name="number"/>) at the lowest free descriptor from <paramref name="lowest"/>; -1 when none is free.</summary>
    private static long Place(DescriptorKind kind, int number, ulong lowest)
    {
        long result = -1;
        Platform.SpinLock.Enter(ref s_lock);
        for (ulong candidate = lowest; candidate < Capacity; candidate++)
        {
            if (s_kinds[candidate] == DescriptorKind.Closed)
            {
                s_numbers[candidate] = number;
                s_kinds[candidate] = kind;
                result = (long)candidate;
                break;
            }
        }

        Platform.SpinLock.Exit(ref s_lock);
        return result;
    }
}
