using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Memory;

/// <summary>
/// The program's mappings (mmap) in their own part of the single address space, [<see cref="Start"/>,
/// <see cref="End"/>), in 4 KiB pages: a mapping is a <see cref="MemoryRegion"/> first and costs no memory; a page
/// gets a zeroed frame when it is first touched (<see cref="HandleFault"/>), so PROT_NONE reservations of hundreds
/// of GiB (the GC's) are free until committed. munmap and madvise(DONTNEED) give frames back after every cpu's
/// TLB has dropped them; mprotect changes the backed pages' entries (PROT_NONE keeps their contents). Fresh
/// addresses are handed out upwards and never reused, except where the program asks with MAP_FIXED.
/// </summary>
internal static unsafe class ProgramAddressSpace
{
    /// <summary>First address of the mappings (1 TiB: far above the identity-mapped RAM).</summary>
    public const ulong Start = 1UL << 40;
    /// <summary>End of the mappings (below the top of the lower canonical half).</summary>
    public const ulong End = 0x7F00_0000_0000;
    /// <summary>PROT_READ.</summary>
    public const ulong ProtectRead = 1;
    /// <summary>PROT_WRITE.</summary>
    public const ulong ProtectWrite = 2;
    /// <summary>Bytes of a page.</summary>
    private const ulong PageSize = 4096;
    /// <summary>Most regions at once (after merging neighbours with equal protection).</summary>
    private const int MaxRegions = 16384;
    /// <summary>Frames given back per TLB shootdown.</summary>
    private const int FreeBatch = 256;

    /// <summary>The regions, sorted by start, not overlapping.</summary>
    private static MemoryRegion* s_regions;
    /// <summary>Regions in use.</summary>
    private static int s_count;
    /// <summary>Next fresh address.</summary>
    private static ulong s_next = Start;
    /// <summary>Guards everything here (taken with <see cref="Lock"/>).</summary>
    private static int s_lock;
    /// <summary>Frames waiting for the shootdown before they go back.</summary>
    private static ulong* s_freeing;
    /// <summary>Frames in <see cref="s_freeing"/>.</summary>
    private static int s_freeingCount;

    /// <summary>Claims the region table.</summary>
    public static void Setup()
    {
        s_regions = (MemoryRegion*)PhysicalMemory.Claim((ulong)(MaxRegions * sizeof(MemoryRegion)));
        s_freeing = (ulong*)PhysicalMemory.Claim(FreeBatch * sizeof(ulong));
    }

    /// <summary>True when <paramref name="address"/> lies in the mappings' part of the address space.</summary>
    public static bool InRange(ulong address) => address >= Start && address < End;

    /// <summary>Takes the lock (serving TLB flushes while it waits: the holder may be waiting for ours).</summary>
    private static void Lock() => Platform.SpinLock.Enter(ref s_lock);

    /// <summary>Releases the lock.</summary>
    private static void Unlock() => Platform.SpinLock.Exit(ref s_lock);

    /// <summary>
    /// mmap of anonymous memory: <paramref name="length"/> bytes with <paramref name="protection"/>, at
    /// <paramref name="address"/> exactly when <paramref name="fixedAddress"/> (replacing what is there unless
    /// <paramref name="noReplace"/>), else at fresh addresses. Returns the address or -errno.
    /// </summary>
    public static long Map(ulong address, ulong length, ulong protection, bool fixedAddress, bool noReplace)
    {
        length = (length + PageSize - 1) & ~(PageSize - 1);
        if (length == 0 || length > End - Start)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        Lock();
        if (fixedAddress)
        {
            if ((address & (PageSize - 1)) != 0 || address < Start || address > End - length)
            {
                Unlock();
                return -(long)LinuxErrno.EINVAL;
            }

            if (noReplace && Overlaps(address, address + length))
            {
                Unlock();
                return -(long)LinuxErrno.EEXIST;
            }

            Remove(address, address + length);
        }
        else
        {
            if (s_next > End - length)
            {
                Unlock();
                return -(long)LinuxErrno.ENOMEM;
            }

            address = s_next;
            s_next += length;
        }

        if (!Insert(address, address + length, protection))
        {
            Unlock();
            return -(long)LinuxErrno.ENOMEM;
        }

        Unlock();
        return (long)address;
    }

    /// <summary>munmap: the range stops being mapped; its frames go back.</summary>
    public static long Unmap(ulong address, ulong length)
    {
        if ((address & (PageSize - 1)) != 0 || length == 0)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        ulong end = (address + length + PageSize - 1) & ~(PageSize - 1);
        if (!InRange(address) || end > End || end < address)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        Lock();
        Remove(address, end);
        Unlock();
        return 0;
    }

    /// <summary>mprotect: every page of the range must be mapped (else -ENOMEM, as Linux).</summary>
    public static long Protect(ulong address, ulong length, ulong protection)
    {
        ulong end = (address + length + PageSize - 1) & ~(PageSize - 1);
        if ((address & (PageSize - 1)) != 0 || end < address)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (length == 0)
        {
            return 0;
        }

        Lock();
        if (!Covered(address, end) || !SplitAt(address) || !SplitAt(end))
        {
            Unlock();
            return -(long)LinuxErrno.ENOMEM;
        }

        bool reduced = false;
        for (int i = Find(address); i < s_count && s_regions[i].Start < end; i++)
        {
            reduced |= (s_regions[i].Protection & ~protection) != 0;
            s_regions[i].Protection = protection;
        }

        ulong page = address;
        for (ulong* leaf = PageTables.NextLeaf(ref page, end); leaf != null; page += PageSize, leaf = PageTables.NextLeaf(ref page, end))
        {
            ulong entry = *leaf;
            if ((entry & (PageTables.Present | PageTables.Revoked)) == 0)
            {
                continue;
            }

            entry &= ~(PageTables.Present | PageTables.Revoked | PageTables.Writable);
            entry |= protection == 0 ? PageTables.Revoked : PageTables.Present;
            if ((protection & ProtectWrite) != 0)
            {
                entry |= PageTables.Writable;
            }

            *leaf = entry;
        }

        Merge();
        if (reduced)
        {
            TlbShootdown.FlushAll();
        }

        Unlock();
        return 0;
    }

    /// <summary>madvise(MADV_DONTNEED): the range's pages read as zero from now on (their frames go back).</summary>
    public static void Discard(ulong address, ulong end)
    {
        Lock();
        FreeFrames(address, end);
        Unlock();
    }

    /// <summary>
    /// A page fault at <paramref name="address"/> (<paramref name="write"/> for a write): backs the page with a
    /// zeroed frame when a mapping allows the access; false when none does (a segmentation fault).
    /// </summary>
    public static bool HandleFault(ulong address, bool write)
    {
        if (!InRange(address))
        {
            return false;
        }

        Lock();
        int index = Find(address);
        bool allowed = index < s_count && s_regions[index].Start <= address && s_regions[index].Protection != 0 &&
            (!write || (s_regions[index].Protection & ProtectWrite) != 0);
        if (allowed)
        {
            ulong* leaf = PageTables.Leaf(address, create: true);
            ulong flags = PageTables.Present | ((s_regions[index].Protection & ProtectWrite) != 0 ? PageTables.Writable : 0);
            if ((*leaf & (PageTables.Present | PageTables.Revoked)) != 0)
            {
                // Another cpu backed it meanwhile (or its entry is stale): keep the frame, apply the mapping's rights.
                *leaf = (*leaf & PageTables.FrameMask) | flags;
            }
            else
            {
                *leaf = FrameAllocator.TakeZeroed() | flags;
            }

            Cpu.InvalidatePage(address);
        }

        Unlock();
        return allowed;
    }

    /// <summary>
    /// Backs every page of [<paramref name="start"/>, <paramref name="end"/>) now, as writes would; false when the
    /// range is not all writable mappings (the kernel then must not write there).
    /// </summary>
    public static bool Populate(ulong start, ulong end)
    {
        if (!InRange(start) || end > End || end < start)
        {
            return false;
        }

        for (ulong page = start & ~(PageSize - 1); page < end; page += PageSize)
        {
            if (!HandleFault(page, write: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies up to <paramref name="capacity"/> regions, lowest first, to <paramref name="target"/>; returns how many.</summary>
    public static int CopyRegions(MemoryRegion* target, int capacity)
    {
        Lock();
        int count = s_count < capacity ? s_count : capacity;
        for (int i = 0; i < count; i++)
        {
            target[i] = s_regions[i];
        }

        Unlock();
        return count;
    }

    /// <summary>True when every byte of [<paramref name="address"/>, +<paramref name="length"/>) is mapped with some access.</summary>
    public static bool IsAccessible(ulong address, ulong length)
    {
        ulong end = address + length;
        if (!InRange(address) || end > End || end < address)
        {
            return false;
        }

        Lock();
        bool covered = Covered(address, end);
        for (int i = Find(address); covered && i < s_count && s_regions[i].Start < end; i++)
        {
            covered = s_regions[i].Protection != 0;
        }

        Unlock();
        return covered;
    }

    /// <summary>The index of the first region ending after <paramref name="address"/> (binary search; s_count when none).</summary>
    private static int Find(ulong address)
    {
        int low = 0, high = s_count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (s_regions[middle].End <= address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>True when some region overlaps [<paramref name="start"/>, <paramref name="end"/>).</summary>
    private static bool Overlaps(ulong start, ulong end)
    {
        int i = Find(start);
        return i < s_count && s_regions[i].Start < end;
    }

    /// <summary>True when regions cover [<paramref name="start"/>, <paramref name="end"/>) without a gap.</summary>
    private static bool Covered(ulong start, ulong end)
    {
        ulong at = start;
        for (int i = Find(start); i < s_count && at < end; i++)
        {
            if (s_regions[i].Start > at)
            {
                return false;
            }

            at = s_regions[i].End;
        }

        return at >= end;
    }

    /// <summary>Splits the region containing <paramref name="address"/> there (no-op at a boundary or in a gap); false when the table is full.</summary>
    private static bool SplitAt(ulong address)
    {
        int i = Find(address);
        if (i >= s_count || s_regions[i].Start >= address)
        {
            return true;
        }

        if (!OpenSlot(i + 1))
        {
            return false;
        }

        s_regions[i + 1] = s_regions[i];
        s_regions[i + 1].Start = address;
        s_regions[i].End = address;
        return true;
    }

    /// <summary>Shifts regions from <paramref name="index"/> up by one; false when the table is full.</summary>
    private static bool OpenSlot(int index)
    {
        if (s_count == MaxRegions)
        {
            return false;
        }

        for (int j = s_count; j > index; j--)
        {
            s_regions[j] = s_regions[j - 1];
        }

        s_count++;
        return true;
    }

    /// <summary>Adds a region for a range no region overlaps.</summary>
    private static bool Insert(ulong start, ulong end, ulong protection)
    {
        int i = Find(start);
        if (!OpenSlot(i))
        {
            return false;
        }

        s_regions[i] = new MemoryRegion { Start = start, End = end, Protection = protection };
        Merge();
        return true;
    }

    /// <summary>Takes [<paramref name="start"/>, <paramref name="end"/>) out of every region and gives its frames back.</summary>
    private static void Remove(ulong start, ulong end)
    {
        FreeFrames(start, end);
        if (!SplitAt(start) || !SplitAt(end))
        {
            // A full table: the range stays mapped (its frames are already gone, so it reads as zero again).
            return;
        }

        int first = Find(start), last = first;
        while (last < s_count && s_regions[last].Start < end)
        {
            last++;
        }

        int removed = last - first;
        for (int j = first; j + removed < s_count; j++)
        {
            s_regions[j] = s_regions[j + removed];
        }

        s_count -= removed;
    }

    /// <summary>Joins neighbouring regions with equal protection.</summary>
    private static void Merge()
    {
        int kept = 0;
        for (int i = 0; i < s_count; i++)
        {
            if (kept > 0 && s_regions[kept - 1].End == s_regions[i].Start && s_regions[kept - 1].Protection == s_regions[i].Protection)
            {
                s_regions[kept - 1].End = s_regions[i].End;
            }
            else
            {
                s_regions[kept++] = s_regions[i];
            }
        }

        s_count = kept;
    }

    /// <summary>Unmaps the backed pages of [<paramref name="start"/>, <paramref name="end"/>) and gives their frames back once no TLB holds them.</summary>
    private static void FreeFrames(ulong start, ulong end)
    {
        ulong page = start;
        for (ulong* leaf = PageTables.NextLeaf(ref page, end); leaf != null; page += PageSize, leaf = PageTables.NextLeaf(ref page, end))
        {
            ulong entry = *leaf;
            if ((entry & (PageTables.Present | PageTables.Revoked)) == 0)
            {
                continue;
            }

            *leaf = 0;
            s_freeing[s_freeingCount++] = entry & PageTables.FrameMask;
            if (s_freeingCount == FreeBatch)
            {
                GiveBack();
            }
        }

        if (s_freeingCount > 0)
        {
            GiveBack();
        }
    }

    /// <summary>Flushes every TLB, then gives the batch of frames back.</summary>
    private static void GiveBack()
    {
        TlbShootdown.FlushAll();
        for (int i = 0; i < s_freeingCount; i++)
        {
            FrameAllocator.Give(s_freeing[i]);
        }

        s_freeingCount = 0;
    }
}
