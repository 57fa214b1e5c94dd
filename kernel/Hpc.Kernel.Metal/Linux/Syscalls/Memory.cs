using Hpc.Protocol;
namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Memory calls over <see cref="ProgramMemory"/>: brk inside its reserved area, anonymous private or shared
/// mappings anywhere the isle has memory (no fixed addresses yet), and munmap, mprotect, madvise and mlock accepted
/// without effect (one identity map, every page RWX, nothing returned) until the kernel has real page tables.
/// </summary>
internal static unsafe class Memory
{
    /// <summary>mmap flag: the mapping is at exactly the given address.</summary>
    private const ulong MapFixed = 0x10;
    /// <summary>mmap flag: no file behind the mapping.</summary>
    private const ulong MapAnonymous = 0x20;
    /// <summary>mmap flag: at the given address unless something is there.</summary>
    private const ulong MapFixedNoReplace = 0x100000;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.Brk, &Brk);
        SyscallTable.Register(SyscallNames.Mmap, &Mmap);
        SyscallTable.Register(SyscallNames.Munmap, &Accept);
        SyscallTable.Register(SyscallNames.Mprotect, &Accept);
        SyscallTable.Register(SyscallNames.Madvise, &Accept);
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

    /// <summary>
    /// membarrier(cmd, flags, cpu): the program runs on one cpu in this step, so every barrier it asks for already
    /// holds (the `syscall` itself serialises that cpu); with threads on several vCPUs this becomes an IPI.
    /// </summary>
    private static long Membarrier(SyscallFrame* frame) =>
        frame->Arg0 == MembarrierQuery ? MembarrierOffered : ((ulong)MembarrierOffered & frame->Arg0) == frame->Arg0 && (frame->Arg0 & (frame->Arg0 - 1)) == 0 ? 0 : -(long)LinuxErrno.EINVAL;

    /// <summary>brk(addr): the new break, or the old one when refused (brk(0) asks for it).</summary>
    private static long Brk(SyscallFrame* frame) => (long)ProgramMemory.Break(frame->Arg0);

    /// <summary>mmap(addr, length, prot, flags, fd, offset): anonymous memory only; the address is a hint we ignore.</summary>
    private static long Mmap(SyscallFrame* frame)
    {
        ulong length = frame->Arg1, flags = frame->Arg3;
        if ((flags & MapAnonymous) == 0)
        {
            return -(long)LinuxErrno.ENODEV;
        }

        if ((flags & (MapFixed | MapFixedNoReplace)) != 0)
        {
            // Placing at a chosen address needs page tables of our own: not in this step.
            return -(long)LinuxErrno.EINVAL;
        }

        if (length == 0 || length > 1UL << 32)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (length + (1UL << 20) > ProgramMemory.Available)
        {
            return -(long)LinuxErrno.ENOMEM;
        }

        return (long)ProgramMemory.MapAnonymous(length);
    }

    /// <summary>munmap, mprotect, madvise, mlock, munlock: succeed without effect in the single identity map (always resident).</summary>
    private static long Accept(SyscallFrame* frame) => 0;
}
