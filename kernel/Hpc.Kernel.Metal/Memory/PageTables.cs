using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Memory;

/// <summary>
/// The 4-level page tables every cpu shares (CR3 from Boot/boot.asm: the low 4 GiB identity-mapped with 2 MiB
/// pages). Mappings above that are made here in 4 KiB pages; intermediate tables are created on demand and kept.
/// </summary>
internal static unsafe class PageTables
{
    /// <summary>Entry bit: present.</summary>
    public const ulong Present = 1;
    /// <summary>Entry bit: writable.</summary>
    public const ulong Writable = 2;
    /// <summary>
    /// Software bit of a leaf entry (ignored by the CPU): the frame is the page's, but access is revoked
    /// (PROT_NONE over a backed page keeps its contents, as Linux does).
    /// </summary>
    public const ulong Revoked = 1UL << 9;
    /// <summary>The frame address bits of an entry.</summary>
    public const ulong FrameMask = 0x000F_FFFF_FFFF_F000;
    /// <summary>Bit of a large page in a directory entry.</summary>
    private const ulong Large = 0x80;

    /// <summary>The leaf entry of the 4 KiB page at <paramref name="address"/>; with <paramref name="create"/>, missing tables are made (null otherwise).</summary>
    public static ulong* Leaf(ulong address, bool create)
    {
        ulong* table = (ulong*)(Cpu.ReadCr3() & FrameMask);
        for (int shift = 39; shift > 12; shift -= 9)
        {
            ulong* entry = table + ((address >> shift) & 511);
            if ((*entry & Present) == 0)
            {
                if (!create)
                {
                    return null;
                }

                *entry = FrameAllocator.TakeZeroed() | Present | Writable;
            }
            else if ((*entry & Large) != 0)
            {
                // The identity map's large pages are never split: nothing of the program lives there.
                return null;
            }

            table = (ulong*)(*entry & FrameMask);
        }

        return table + ((address >> 12) & 511);
    }

    /// <summary>
    /// The next existing leaf entry for a page in [<paramref name="address"/>, <paramref name="end"/>), skipping
    /// whole tables that were never made (a 256 GiB reservation costs a walk of what was touched, not of every
    /// page); <paramref name="address"/> advances to that page. Null when none is left.
    /// </summary>
    public static ulong* NextLeaf(ref ulong address, ulong end)
    {
        while (address < end)
        {
            ulong* table = (ulong*)(Cpu.ReadCr3() & FrameMask);
            bool missing = false;
            for (int shift = 39; shift > 12; shift -= 9)
            {
                ulong entry = table[(address >> shift) & 511];
                if ((entry & Present) == 0 || (entry & Large) != 0)
                {
                    address = (address | ((1UL << shift) - 1)) + 1;
                    missing = true;
                    break;
                }

                table = (ulong*)(entry & FrameMask);
            }

            if (!missing)
            {
                return table + ((address >> 12) & 511);
            }
        }

        return null;
    }
}
