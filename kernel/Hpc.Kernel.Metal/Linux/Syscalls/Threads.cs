using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// The calling thread's own state. One thread in this step (the main thread, id <see cref="Identity.ProcessId"/>):
/// its TLS pointer is the FS base (arch_prctl writes the MSR; the kernel never uses FS, so it stays the
/// program's while the kernel serves calls); set_tid_address and set_robust_list are remembered for when threads
/// exit; rseq is refused (-ENOSYS, which glibc takes as "not available").
/// </summary>
internal static unsafe class Threads
{
    /// <summary>arch_prctl: set the FS base.</summary>
    private const ulong ArchSetFs = 0x1002;
    /// <summary>arch_prctl: read the FS base.</summary>
    private const ulong ArchGetFs = 0x1003;
    /// <summary>The FS base MSR.</summary>
    private const uint FsBase = 0xC0000100;

    /// <summary>Where the thread's id is cleared (and a futex woken) when it exits.</summary>
    public static ulong ClearChildTid { get; private set; }

    /// <summary>The thread's robust futex list head.</summary>
    public static ulong RobustList { get; private set; }

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.ArchPrctl, &ArchPrctl);
        SyscallTable.Register(SyscallNames.SetTidAddress, &SetTidAddress);
        SyscallTable.Register(SyscallNames.SetRobustList, &SetRobustList);
        SyscallTable.Register(SyscallNames.GetTid, &GetTid);
        SyscallTable.Register(SyscallNames.Rseq, &Rseq);
        SyscallTable.Register(SyscallNames.SchedYield, &SchedYield);
        SyscallTable.Register(SyscallNames.SchedGetAffinity, &SchedGetAffinity);
    }

    /// <summary>sched_getaffinity(pid, size, mask): cpu 0 only, the one the program runs on in this step.</summary>
    private static long SchedGetAffinity(SyscallFrame* frame)
    {
        ulong size = frame->Arg1;
        if (size < 8 || (size & 7) != 0)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (!UserPointer.IsValid(frame->Arg2, 8))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        // Linux writes and returns the kernel's mask size (one word here); the caller's bytes beyond stay as they are.
        *(ulong*)frame->Arg2 = 1;
        return 8;
    }

    /// <summary>arch_prctl(code, addr): FS only (GS belongs to the kernel's per-cpu block).</summary>
    private static long ArchPrctl(SyscallFrame* frame)
    {
        if (frame->Arg0 == ArchSetFs)
        {
            Cpu.WriteMsr(FsBase, frame->Arg1);
            return 0;
        }

        if (frame->Arg0 == ArchGetFs)
        {
            if (!UserPointer.IsValid(frame->Arg1, 8))
            {
                return -(long)LinuxErrno.EFAULT;
            }

            *(ulong*)frame->Arg1 = Cpu.ReadMsr(FsBase);
            return 0;
        }

        return -(long)LinuxErrno.EINVAL;
    }

    /// <summary>set_tid_address(tidptr): remembered; returns the thread id.</summary>
    private static long SetTidAddress(SyscallFrame* frame)
    {
        ClearChildTid = frame->Arg0;
        return Identity.ProcessId;
    }

    /// <summary>set_robust_list(head, len): remembered.</summary>
    private static long SetRobustList(SyscallFrame* frame)
    {
        RobustList = frame->Arg0;
        return 0;
    }

    /// <summary>gettid(): the main thread's id is the process id.</summary>
    private static long GetTid(SyscallFrame* frame) => Identity.ProcessId;

    /// <summary>rseq(...): not offered; glibc then runs without restartable sequences.</summary>
    private static long Rseq(SyscallFrame* frame) => -(long)LinuxErrno.ENOSYS;

    /// <summary>sched_yield(): one thread, nothing to yield to.</summary>
    private static long SchedYield(SyscallFrame* frame) => 0;
}
