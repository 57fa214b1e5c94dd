using Hpc.Protocol;
namespace Hpc.Kernel.Metal.Linux.Syscalls;

using Hpc.Kernel.Metal.Linux.Files;
using Hpc.Kernel.Metal.Linux.Memory;
using Hpc.Kernel.Metal.Memory;

/// <summary>
/// Memory calls: brk inside its reserved area (<see cref="ProgramBreak"/>); anonymous mappings, munmap, mprotect and
/// madvise(DONTNEED) over real page tables (<see cref="ProgramAddressSpace"/>); mlock accepted (every backed page is
/// resident); membarrier.
/// </summary>
internal static unsafe class Memory
{
    /// <summary>mmap flag: the mapping is at exactly the given address.</summary>
    private const ulong MapFixed = 0x10;
    /// <summary>mmap's mapping-type bits (MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE).</summary>
    private const ulong MapTypeMask = 0x3;
    /// <summary>mmap type: writes are seen by everyone mapping the file.</summary>
    private const ulong MapShared = 0x1;
    /// <summary>mmap flag: no file behind the mapping.</summary>
    private const ulong MapAnonymous = 0x20;
    /// <summary>mmap flag: at the given address unless something is there.</summary>
    private const ulong MapFixedNoReplace = 0x100000;
    /// <summary>madvise: the pages' contents may go (anonymous memory reads as zero afterwards).</summary>
    private const ulong AdviseDontNeed = 4;
    /// <summary>madvise: free the pages when memory is short (MADV_FREE: same here as DONTNEED).</summary>
    private const ulong AdviseFree = 8;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.Brk, &Brk);
        SyscallTable.Register(SyscallNames.Mmap, &Mmap);
        SyscallTable.Register(SyscallNames.Munmap, &Munmap);
        SyscallTable.Register(SyscallNames.Mprotect, &Mprotect);
        SyscallTable.Register(SyscallNames.Madvise, &Madvise);
        SyscallTable.Register(SyscallNames.Mlock, &Accept);
        SyscallTable.Register(SyscallNames.Munlock, &Accept);
        SyscallTable.Register(SyscallNames.Membarrier, &Membarrier);
        SyscallTable.Register(SyscallNames.GetMempolicy, &NoNuma);
    }
    /// <summary>get_mempolicy: -ENOSYS, as a Linux built without NUMA answers (the isle is one node; the runtime then skips NUMA).</summary>
    private static long NoNuma(SyscallFrame* frame) => -(long)LinuxErrno.ENOSYS;

    /// <summary>membarrier's query command.</summary>
    private const ulong MembarrierQuery = 0;
    /// <summary>The commands offered: GLOBAL (1), PRIVATE_EXPEDITED (8) and its registration (16).</summary>
    private const long MembarrierOffered = 1 | 8 | 16;
    /// <summary>MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED: nothing to set up.</summary>
    private const ulong MembarrierRegister = 16;

    /// <summary>
    /// membarrier(cmd, flags, cpu): every vCPU takes an IPI (which serialises it) before the call returns; the TLB
    /// shootdown's IPI is that barrier (its flush is the price).
    /// </summary>
    private static long Membarrier(SyscallFrame* frame)
    {
        ulong command = frame->Arg0;
        if (command == MembarrierQuery)
        {
            return MembarrierOffered;
        }

        if (((ulong)MembarrierOffered & command) != command || (command & (command - 1)) != 0)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (command != MembarrierRegister)
        {
            TlbShootdown.FlushAll();
        }

        return 0;
    }

    /// <summary>brk(addr): the new break, or the old one when refused (brk(0) asks for it).</summary>
    private static long Brk(SyscallFrame* frame) => (long)ProgramBreak.Break(frame->Arg0);

    /// <summary>
    /// mmap(addr, length, prot, flags, fd, offset): anonymous memory only (no file is mapped: -ENODEV); a hint
    /// address is ignored, MAP_FIXED and MAP_FIXED_NOREPLACE place it.
    /// </summary>
    private static long Mmap(SyscallFrame* frame)
    {
        ulong flags = frame->Arg3;
        if ((flags & MapAnonymous) == 0)
        {
            return MapSegment(frame);
        }

        bool noReplace = (flags & MapFixedNoReplace) != 0;
        return ProgramAddressSpace.Map(frame->Arg0, frame->Arg1, frame->Arg2 & 7, (flags & MapFixed) != 0 || noReplace, noReplace);
    }

    /// <summary>
    /// mmap of a file: only the node segment (<see cref="SegmentFile"/>), shared, whole or from its start; it is
    /// already mapped (the identity map), so its address is the answer. Any other file: -ENODEV.
    /// </summary>
    private static long MapSegment(SyscallFrame* frame)
    {
        if (!DescriptorTable.IsSegment(frame->Arg4))
        {
            return DescriptorTable.IsOpen(frame->Arg4) ? -(long)LinuxErrno.ENODEV : -(long)LinuxErrno.EBADF;
        }

        bool shared = (frame->Arg3 & MapTypeMask) == MapShared;
        if (!shared || frame->Arg5 != 0 || frame->Arg1 == 0 || frame->Arg1 > SegmentFile.Size || (frame->Arg3 & MapFixed) != 0)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        return (long)SegmentFile.Address;
    }

    /// <summary>munmap(addr, length): the segment stays (other isles share it).</summary>
    private static long Munmap(SyscallFrame* frame) =>
        SegmentFile.Overlaps(frame->Arg0, frame->Arg1) ? 0 : ProgramAddressSpace.Unmap(frame->Arg0, frame->Arg1);

    /// <summary>mprotect(addr, length, prot): the mappings' part only (the program's image and brk stay as loaded).</summary>
    private static long Mprotect(SyscallFrame* frame) =>
        ProgramAddressSpace.InRange(frame->Arg0) ? ProgramAddressSpace.Protect(frame->Arg0, frame->Arg1, frame->Arg2 & 7) : 0;

    /// <summary>
    /// madvise(addr, length, advice): DONTNEED and FREE discard the pages (mappings: frames go back; the brk area:
    /// zeroed); every other advice is accepted without effect.
    /// </summary>
    private static long Madvise(SyscallFrame* frame)
    {
        ulong address = frame->Arg0, end = (frame->Arg0 + frame->Arg1 + 4095) & ~4095UL;
        if ((address & 4095) != 0 || end < address)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if ((frame->Arg2 != AdviseDontNeed && frame->Arg2 != AdviseFree) || SegmentFile.Overlaps(address, end - address))
        {
            return 0;
        }

        if (ProgramAddressSpace.InRange(address))
        {
            ProgramAddressSpace.Discard(address, end);
        }
        else if (UserPointer.IsValid(address, end - address))
        {
            SpanHelpers.ClearWithoutReferences(ref *(byte*)address, (nuint)(end - address));
        }

        return 0;
    }

    /// <summary>mlock, munlock: accepted (every backed page stays resident).</summary>
    private static long Accept(SyscallFrame* frame) => 0;
}
