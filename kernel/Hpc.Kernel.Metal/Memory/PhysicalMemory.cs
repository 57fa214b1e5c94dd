using System.Threading;
using Hpc.Kernel.Metal.Runtime;

namespace Hpc.Kernel.Metal.Memory;

/// <summary>
/// The isle's free RAM (the largest RAM range the boot memory map lists above the image, below 4 GiB), handed out
/// in claims that never return: cpus take regions from it for their allocators, the kernel its stacks and tables.
/// </summary>
internal static unsafe class PhysicalMemory
{
    /// <summary>Next free byte (claimed atomically: any cpu may claim).</summary>
    private static long s_next;
    /// <summary>End of the free range.</summary>
    private static long s_end;

    /// <summary>Bytes claimed so far.</summary>
    public static long Claimed => Volatile.Read(ref s_next) - s_start;

    /// <summary>Start of the free range.</summary>
    private static long s_start;

    /// <summary>Bytes in the free range.</summary>
    public static long Size => s_end - s_start;

    /// <summary>Sets the free range to [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static void Setup(ulong start, ulong end)
    {
        s_start = (long)((start + 4095) & ~4095UL);
        s_next = s_start;
        s_end = (long)end;
    }

    /// <summary>Claims <paramref name="bytes"/> zeroed bytes, page-aligned; panics naming the size when none are left.</summary>
    public static byte* Claim(ulong bytes)
    {
        long size = (long)((bytes + 4095) & ~4095UL);
        long start;
        do
        {
            start = Volatile.Read(ref s_next);
            if (size > s_end - start)
            {
                // Nothing is taken, so the panic's own small allocations still succeed.
                Panic.Stop("out of memory: a claim of " + Number.Format((long)bytes) + " bytes does not fit (" + Number.Format(s_end - start) + " bytes left of " + Number.Format(Size) + ")", 0);
            }
        }
        while (Interlocked.CompareExchange(ref s_next, start + size, start) != start);

        SpanHelpers.ClearWithoutReferences(ref *(byte*)start, (nuint)size);
        return (byte*)start;
    }
}
