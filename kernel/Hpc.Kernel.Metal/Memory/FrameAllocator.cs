using System.Threading;

namespace Hpc.Kernel.Metal.Memory;

/// <summary>
/// 4 KiB physical frames for page tables and the Linux program's pages: frames given back go on a free list (linked
/// through their first word) and are taken again first; otherwise a new one is claimed from
/// <see cref="PhysicalMemory"/>. Frames lie in the identity-mapped low 4 GiB, so the kernel reaches them directly.
/// </summary>
internal static unsafe class FrameAllocator
{
    /// <summary>Bytes of a frame.</summary>
    public const ulong FrameSize = 4096;

    /// <summary>Guards the free list.</summary>
    private static int s_lock;
    /// <summary>First free frame (0: none).</summary>
    private static ulong s_free;
    /// <summary>Frames on the free list.</summary>
    private static long s_freeCount;

    /// <summary>Bytes on the free list.</summary>
    public static ulong FreeBytes => (ulong)Volatile.Read(ref s_freeCount) * FrameSize;

    /// <summary>True when a frame can be had without a panic.</summary>
    public static bool CanTake => Volatile.Read(ref s_freeCount) > 0 || PhysicalMemory.Size - PhysicalMemory.Claimed >= (long)FrameSize;

    /// <summary>A zeroed frame's address.</summary>
    public static ulong TakeZeroed()
    {
        Platform.SpinLock.Enter(ref s_lock);
        ulong frame = s_free;
        if (frame != 0)
        {
            s_free = *(ulong*)frame;
            s_freeCount--;
        }

        Platform.SpinLock.Exit(ref s_lock);
        if (frame == 0)
        {
            return (ulong)PhysicalMemory.Claim(FrameSize);
        }

        SpanHelpers.ClearWithoutReferences(ref *(byte*)frame, (nuint)FrameSize);
        return frame;
    }

    /// <summary>Gives <paramref name="frame"/> back.</summary>
    public static void Give(ulong frame)
    {
        Platform.SpinLock.Enter(ref s_lock);
        *(ulong*)frame = s_free;
        s_free = frame;
        s_freeCount++;
        Platform.SpinLock.Exit(ref s_lock);
    }
}
