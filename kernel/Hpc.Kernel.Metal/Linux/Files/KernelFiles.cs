using Hpc.Kernel.Metal.Linux.Memory;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The files the runtime and glibc read about the machine, made by the kernel from its own state (never the
/// host's): /proc/self/maps (glibc's pthread_getattr_np finds the main thread's stack there), /proc/meminfo,
/// /proc/stat, /sys/devices/system/cpu/{online,possible,present} and the cpu0 cache sizes from CPUID leaf 4 (the
/// GC sizes its young generation by the largest cache). Each open gets a snapshot of the text in one of a few
/// fixed buffers, released on close.
/// </summary>
internal static unsafe class KernelFiles
{
    /// <summary>Kernel files open at once.</summary>
    public const int Slots = 32;
    /// <summary>Bytes of each snapshot (longer texts are cut off).</summary>
    private const int BufferSize = 16 * 1024;
    /// <summary>Regions /proc/self/maps lists at most.</summary>
    private const int MaxMapsRegions = 200;
    /// <summary>The cache directory's prefix; "indexN/size" (and level, type) follow.</summary>
    private const string CachePrefix = "/sys/devices/system/cpu/cpu0/cache/index";

    /// <summary>The snapshot buffers.</summary>
    private static byte* s_buffers;
    /// <summary>Each snapshot's length.</summary>
    private static int* s_lengths;
    /// <summary>Non-zero for slots in use.</summary>
    private static int* s_inUse;

    /// <summary>Claims the buffers.</summary>
    public static void Setup()
    {
        s_buffers = PhysicalMemory.Claim((ulong)Slots * BufferSize);
        s_lengths = (int*)PhysicalMemory.Claim(Slots * sizeof(int));
        s_inUse = (int*)PhysicalMemory.Claim(Slots * sizeof(int));
    }

    /// <summary>True when <paramref name="path"/> is a kernel file.</summary>
    public static bool Knows(byte* path)
    {
        byte* scratch = stackalloc byte[64];
        var probe = new TextBuilder(scratch, 64);
        return Generate(path, ref probe);
    }

    /// <summary>Opens <paramref name="path"/>: the slot holding its text, -1 when it is not a kernel file, -2 when every slot is in use.</summary>
    public static int Open(byte* path)
    {
        if (!Knows(path))
        {
            return -1;
        }

        for (int slot = 0; slot < Slots; slot++)
        {
            if (System.Threading.Interlocked.CompareExchange(ref s_inUse[slot], 1, 0) == 0)
            {
                var text = new TextBuilder(s_buffers + (long)slot * BufferSize, BufferSize);
                Generate(path, ref text);
                s_lengths[slot] = text.Length;
                return slot;
            }
        }

        return -2;
    }

    /// <summary>Bytes of the text in <paramref name="slot"/>.</summary>
    public static int Length(int slot) => s_lengths[slot];

    /// <summary>Copies up to <paramref name="length"/> bytes from <paramref name="offset"/>; returns how many.</summary>
    public static long Read(int slot, ulong offset, byte* target, ulong length)
    {
        ulong size = (ulong)s_lengths[slot];
        if (offset >= size)
        {
            return 0;
        }

        ulong count = size - offset < length ? size - offset : length;
        Buffer.MemoryCopy(s_buffers + (long)slot * BufferSize + (long)offset, target, (long)count, (long)count);
        return (long)count;
    }

    /// <summary>Frees <paramref name="slot"/>.</summary>
    public static void Release(int slot) => System.Threading.Volatile.Write(ref s_inUse[slot], 0);

    /// <summary>True when the NUL-terminated <paramref name="path"/> equals <paramref name="name"/>.</summary>
    public static bool PathIs(byte* path, string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            if (path[i] != name[i])
            {
                return false;
            }
        }

        return path[name.Length] == 0;
    }

    /// <summary>Writes the text of <paramref name="path"/>; false when the kernel makes no such file.</summary>
    private static bool Generate(byte* path, ref TextBuilder text)
    {
        if (PathIs(path, "/proc/self/maps"))
        {
            Maps(ref text);
            return true;
        }

        if (PathIs(path, "/proc/meminfo"))
        {
            ulong total = (ulong)PhysicalMemory.Size / 1024;
            ulong free = ((ulong)(PhysicalMemory.Size - PhysicalMemory.Claimed) + FrameAllocator.FreeBytes) / 1024;
            text.Append("MemTotal:       ");
            text.AppendDecimal(total);
            text.Append(" kB\nMemFree:        ");
            text.AppendDecimal(free);
            text.Append(" kB\nMemAvailable:   ");
            text.AppendDecimal(free);
            text.Append(" kB\n");
            return true;
        }

        if (PathIs(path, "/proc/stat"))
        {
            // No accounting of busy and idle time yet: every counter reads 0.
            text.Append("cpu  0 0 0 0 0 0 0 0 0 0\n");
            for (int cpu = 0; cpu < Smp.OnlineCount; cpu++)
            {
                text.Append("cpu");
                text.AppendDecimal((ulong)cpu);
                text.Append(" 0 0 0 0 0 0 0 0 0 0\n");
            }

            return true;
        }

        if (PathIs(path, "/sys/devices/system/cpu/online") || PathIs(path, "/sys/devices/system/cpu/possible") ||
            PathIs(path, "/sys/devices/system/cpu/present"))
        {
            text.Append("0");
            if (Smp.OnlineCount > 1)
            {
                text.Append("-");
                text.AppendDecimal((ulong)(Smp.OnlineCount - 1));
            }

            text.Append("\n");
            return true;
        }

        return Cache(path, ref text);
    }

    /// <summary>
    /// /proc/self/maps: the program's image, its brk area and every mapping, lowest first, in Linux's format; the
    /// mapping holding the main thread's stack is named [stack].
    /// </summary>
    private static void Maps(ref TextBuilder text)
    {
        MapsLine(ref text, LinuxProgram.LoadBase, LinuxProgram.LoadEnd, 7, "/job");
        MapsLine(ref text, ProgramBreak.Start, ProgramBreak.Start + ProgramBreak.BreakReserve, 3, "[heap]");
        MemoryRegion* regions = stackalloc MemoryRegion[MaxMapsRegions];
        int count = ProgramAddressSpace.CopyRegions(regions, MaxMapsRegions);
        ulong stack = ProgramStack.Top - 1;
        for (int i = 0; i < count; i++)
        {
            MapsLine(ref text, regions[i].Start, regions[i].End, regions[i].Protection, stack >= regions[i].Start && stack < regions[i].End ? "[stack]" : "");
        }
    }

    /// <summary>One maps line: "start-end rwxp 00000000 00:00 0 name".</summary>
    private static void MapsLine(ref TextBuilder text, ulong start, ulong end, ulong protection, string name)
    {
        text.AppendHex(start, 8);
        text.Append("-");
        text.AppendHex(end, 8);
        text.Append((protection & 1) != 0 ? " r" : " -");
        text.Append((protection & 2) != 0 ? "w" : "-");
        text.Append((protection & 4) != 0 ? "x" : "-");
        text.Append("p 00000000 00:00 0");
        if (name.Length > 0)
        {
            text.Append("                          ");
            text.Append(name);
        }

        text.Append("\n");
    }

    /// <summary>/sys/devices/system/cpu/cpu0/cache/indexN/{size,level,type} from CPUID leaf 4's subleaf N.</summary>
    private static bool Cache(byte* path, ref TextBuilder text)
    {
        for (int i = 0; i < CachePrefix.Length; i++)
        {
            if (path[i] != CachePrefix[i])
            {
                return false;
            }
        }

        byte* rest = path + CachePrefix.Length;
        if (rest[0] < '0' || rest[0] > '9' || rest[1] != '/')
        {
            return false;
        }

        uint* registers = stackalloc uint[4];
        Cpu.CpuId(0, 0, registers);
        if (registers[0] < 4)
        {
            return false;
        }

        Cpu.CpuId(4, (uint)(rest[0] - '0'), registers);
        uint type = registers[0] & 0x1F;
        if (type == 0)
        {
            return false;
        }

        if (PathIs(rest + 2, "size"))
        {
            ulong ways = ((registers[1] >> 22) & 0x3FF) + 1, partitions = ((registers[1] >> 12) & 0x3FF) + 1, line = (registers[1] & 0xFFF) + 1;
            ulong sets = (ulong)registers[2] + 1;
            text.AppendDecimal(ways * partitions * line * sets / 1024);
            text.Append("K\n");
            return true;
        }

        if (PathIs(rest + 2, "level"))
        {
            text.AppendDecimal((registers[0] >> 5) & 7);
            text.Append("\n");
            return true;
        }

        if (PathIs(rest + 2, "type"))
        {
            text.Append(type == 1 ? "Data\n" : type == 2 ? "Instruction\n" : "Unified\n");
            return true;
        }

        return false;
    }
}
