using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Scheduling;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Threads: clone and clone3 create a kernel thread (Linux/Threads/) on the isle's least-loaded vCPU with its own
/// stack and TLS (the FS base, written by arch_prctl or CLONE_SETTLS; the kernel never uses FS, so it stays the
/// program's while the kernel serves calls); exit ends one thread (zeroing and waking its clear-child-tid word)
/// and the last one ends the program; gettid, set_tid_address and set_robust_list are per thread; rseq is refused
/// (-ENOSYS, which glibc takes as "not available"); sched_getaffinity reports the isle's vCPUs.
/// </summary>
internal static unsafe class Threads
{
    /// <summary>arch_prctl: set the FS base.</summary>
    private const ulong ArchSetFs = 0x1002;
    /// <summary>arch_prctl: read the FS base.</summary>
    private const ulong ArchGetFs = 0x1003;
    /// <summary>The FS base MSR.</summary>
    private const uint FsBase = 0xC0000100;

    /// <summary>clone: share the address space.</summary>
    private const ulong CloneVm = 0x100;
    /// <summary>clone: same thread group (a thread, not a process).</summary>
    private const ulong CloneThread = 0x10000;
    /// <summary>clone: the child's FS base is the tls argument.</summary>
    private const ulong CloneSetTls = 0x80000;
    /// <summary>clone: write the child's id to parent_tid.</summary>
    private const ulong CloneParentSetTid = 0x100000;
    /// <summary>clone: zero child_tid and wake it when the child exits.</summary>
    private const ulong CloneChildClearTid = 0x200000;
    /// <summary>clone: write the child's id to child_tid.</summary>
    private const ulong CloneChildSetTid = 0x1000000;
    /// <summary>Bytes of clone3's struct clone_args up to tls (what we read).</summary>
    private const ulong CloneArgsMinSize = 64;

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
        SyscallTable.Register(SyscallNames.SchedSetAffinity, &SchedSetAffinity);
        SyscallTable.Register(SyscallNames.GetCpu, &GetCpu);
        SyscallTable.Register(SyscallNames.Clone, &Clone);
        SyscallTable.Register(SyscallNames.Clone3, &Clone3);
        SyscallTable.Register(SyscallNames.Exit, &ExitThread);
        SyscallTable.Register(SyscallNames.Prctl, &Prctl);
    }

    /// <summary>The isle's vCPUs as an affinity mask (up to 64).</summary>
    private static ulong IsleMask => Smp.OnlineCount >= 64 ? ulong.MaxValue : (1UL << Smp.OnlineCount) - 1;

    /// <summary>sched_getaffinity(pid, size, mask): every vCPU of the isle.</summary>
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
        *(ulong*)frame->Arg2 = IsleMask;
        return 8;
    }

    /// <summary>
    /// getcpu(cpu, node, cache): the calling thread's vCPU (it never migrates) and node 0. The runtime asks for it
    /// through sched_getcpu, e.g. to pick an ArrayPool stripe; Linux answers it from the vDSO, which has no counterpart here.
    /// </summary>
    private static long GetCpu(SyscallFrame* frame)
    {
        if ((frame->Arg0 != 0 && !UserPointer.IsValid(frame->Arg0, 4)) || (frame->Arg1 != 0 && !UserPointer.IsValid(frame->Arg1, 4)))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        if (frame->Arg0 != 0)
        {
            *(uint*)frame->Arg0 = (uint)ThreadScheduler.Current->Cpu;
        }

        if (frame->Arg1 != 0)
        {
            *(uint*)frame->Arg1 = 0;
        }

        return 0;
    }

    /// <summary>sched_setaffinity(pid, size, mask): accepted when the mask names an isle vCPU (threads do not migrate).</summary>
    private static long SchedSetAffinity(SyscallFrame* frame)
    {
        if (frame->Arg1 < 8 || !UserPointer.IsValid(frame->Arg2, 8))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        return (*(ulong*)frame->Arg2 & IsleMask) != 0 ? 0 : -(long)LinuxErrno.EINVAL;
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

    /// <summary>set_tid_address(tidptr): remembered for the calling thread's exit; returns its id.</summary>
    private static long SetTidAddress(SyscallFrame* frame)
    {
        ProgramThread* self = ThreadScheduler.Current;
        self->ClearChildTid = frame->Arg0;
        return self->Id;
    }

    /// <summary>set_robust_list(head, len): remembered.</summary>
    private static long SetRobustList(SyscallFrame* frame)
    {
        ThreadScheduler.Current->RobustList = frame->Arg0;
        return 0;
    }

    /// <summary>gettid(): the calling thread's id (the main thread's is the process id).</summary>
    private static long GetTid(SyscallFrame* frame) => ThreadScheduler.Current->Id;

    /// <summary>rseq(...): not offered; glibc then runs without restartable sequences.</summary>
    private static long Rseq(SyscallFrame* frame) => -(long)LinuxErrno.ENOSYS;

    /// <summary>sched_yield(): the next ready thread of this vCPU runs, if there is one.</summary>
    private static long SchedYield(SyscallFrame* frame)
    {
        ThreadScheduler.Yield();
        return 0;
    }

    /// <summary>prctl options: PR_SET_NAME, PR_GET_NAME.</summary>
    private const ulong SetName = 15, GetName = 16;

    /// <summary>prctl(option, ...): a thread's name is accepted (the runtime names its threads) and reads back empty; other options -EINVAL.</summary>
    private static long Prctl(SyscallFrame* frame)
    {
        if (frame->Arg0 == SetName)
        {
            return 0;
        }

        if (frame->Arg0 == GetName)
        {
            if (!UserPointer.IsValid(frame->Arg1, 16))
            {
                return -(long)LinuxErrno.EFAULT;
            }

            *(byte*)frame->Arg1 = 0;
            return 0;
        }

        return -(long)LinuxErrno.EINVAL;
    }

    /// <summary>clone(flags, stack, parent_tid, child_tid, tls).</summary>
    private static long Clone(SyscallFrame* frame) => CreateThread(frame, frame->Arg0, frame->Arg1, frame->Arg2, frame->Arg3, frame->Arg4);

    /// <summary>clone3(args, size): struct clone_args {flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, ...}.</summary>
    private static long Clone3(SyscallFrame* frame)
    {
        if (frame->Arg1 < CloneArgsMinSize)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if (!UserPointer.IsValid(frame->Arg0, CloneArgsMinSize))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        ulong* args = (ulong*)frame->Arg0;
        ulong stack = args[5] + args[6];
        return CreateThread(frame, args[0], args[6] == 0 ? args[5] : stack, args[3], args[2], args[7]);
    }

    /// <summary>
    /// A new thread of the program: it resumes where the caller does, with RAX = 0 and RSP = <paramref name="stack"/>.
    /// Only threads (CLONE_VM | CLONE_THREAD): one address space has no room for a second process.
    /// </summary>
    private static long CreateThread(SyscallFrame* frame, ulong flags, ulong stack, ulong parentTid, ulong childTid, ulong tls)
    {
        if ((flags & (CloneVm | CloneThread)) != (CloneVm | CloneThread))
        {
            return -(long)LinuxErrno.ENOSYS;
        }

        if (stack == 0 || ((flags & CloneParentSetTid) != 0 && !UserPointer.IsValid(parentTid, 4)) ||
            ((flags & (CloneChildClearTid | CloneChildSetTid)) != 0 && !UserPointer.IsValid(childTid, 4)))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        ProgramThread* parent = ThreadScheduler.Current;
        ProgramThread* child = ThreadTable.Create();
        if (child == null)
        {
            return -(long)LinuxErrno.EAGAIN;
        }

        child->BlockedSignals = parent->BlockedSignals;
        child->ClearChildTid = (flags & CloneChildClearTid) != 0 ? childTid : 0;
        ThreadStart.Prepare(child, frame, stack, (flags & CloneSetTls) != 0 ? tls : Cpu.ReadMsr(FsBase));
        if ((flags & CloneParentSetTid) != 0)
        {
            *(int*)parentTid = child->Id;
        }

        if ((flags & CloneChildSetTid) != 0)
        {
            *(int*)childTid = child->Id;
        }

        long id = child->Id;
        // Blocked until now, so its first run goes through the ordinary wake-up (queue, IPI to its vCPU).
        child->State = (int)ThreadRunState.Blocked;
        ThreadScheduler.Wake(child, WakeReason.Event);
        return id;
    }

    /// <summary>exit(status): ends the calling thread; the last thread's exit ends the program with its status.</summary>
    private static long ExitThread(SyscallFrame* frame)
    {
        ProgramThread* self = ThreadScheduler.Current;
        if (ThreadTable.Retire(self) == 0)
        {
            Exit.Job((int)(frame->Arg0 & 0xFF));
        }

        if (self->ClearChildTid != 0 && UserPointer.IsValid(self->ClearChildTid, 4))
        {
            System.Threading.Volatile.Write(ref *(int*)self->ClearChildTid, 0);
            Futex.Wake(self->ClearChildTid, 1, uint.MaxValue);
        }

        System.Threading.Volatile.Write(ref self->State, (int)ThreadRunState.Dead);
        ThreadScheduler.Block(self);
        return 0;
    }
}
