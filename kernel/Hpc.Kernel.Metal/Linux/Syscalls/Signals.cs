using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Linux.Signals;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Signal state as the runtime sets it up: handlers (rt_sigaction, one table for the process), the blocked mask
/// (rt_sigprocmask) and the alternate stack (sigaltstack) of each thread are kept and read back as Linux would;
/// tgkill, tkill and kill send (Linux/Signals/SignalDelivery.cs), rt_sigreturn ends a handler.
/// </summary>
internal static unsafe class Signals
{
    /// <summary>Highest signal number.</summary>
    private const ulong MaxSignal = SignalActions.MaxSignal;
    /// <summary>SIGKILL: its action cannot change, it cannot be blocked.</summary>
    private const ulong Kill = 9;
    /// <summary>SIGSTOP: its action cannot change, it cannot be blocked.</summary>
    private const ulong Stop = 19;
    /// <summary>Bytes of a kernel sigaction (handler, flags, restorer, mask).</summary>
    private const int ActionSize = SignalActions.ActionSize;
    /// <summary>Bytes of a stack_t (sp, flags, size).</summary>
    private const int AltStackSize = 24;
    /// <summary>sigaltstack flag: no alternate stack.</summary>
    public const int StackDisabled = 2;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SignalActions.Setup();
        SyscallTable.Register(SyscallNames.RtSigaction, &RtSigaction);
        SyscallTable.Register(SyscallNames.RtSigreturn, &RtSigreturn);
        SyscallTable.Register(SyscallNames.Tgkill, &Tgkill);
        SyscallTable.Register(SyscallNames.Tkill, &Tkill);
        SyscallTable.Register(SyscallNames.Kill, &KillProcess);
        SyscallTable.Register(SyscallNames.RtSigprocmask, &RtSigprocmask);
        SyscallTable.Register(SyscallNames.Sigaltstack, &Sigaltstack);
    }

    /// <summary>The mask bit of signal <paramref name="signal"/>.</summary>
    private static ulong Bit(ulong signal) => 1UL << (int)(signal - 1);

    /// <summary>rt_sigaction(signal, act, oldact, sigsetsize).</summary>
    private static long RtSigaction(SyscallFrame* frame)
    {
        ulong signal = frame->Arg0, action = frame->Arg1, old = frame->Arg2;
        if (signal == 0 || signal > MaxSignal || frame->Arg3 != 8 || (action != 0 && (signal == Kill || signal == Stop)))
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if ((action != 0 && !UserPointer.IsValid(action, ActionSize)) || (old != 0 && !UserPointer.IsValid(old, ActionSize)))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        byte* slot = (byte*)SignalActions.Of((int)signal);
        if (old != 0)
        {
            Buffer.MemoryCopy(slot, (byte*)old, ActionSize, ActionSize);
        }

        if (action != 0)
        {
            Buffer.MemoryCopy((byte*)action, slot, ActionSize, ActionSize);
            // The action's mask never blocks SIGKILL or SIGSTOP.
            ((ulong*)slot)[3] &= ~(Bit(Kill) | Bit(Stop));
        }

        return 0;
    }

    /// <summary>rt_sigprocmask(how, set, oldset, sigsetsize): SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2.</summary>
    private static long RtSigprocmask(SyscallFrame* frame)
    {
        ulong how = frame->Arg0, set = frame->Arg1, old = frame->Arg2;
        if (frame->Arg3 != 8 || (set != 0 && how > 2))
        {
            return -(long)LinuxErrno.EINVAL;
        }

        if ((set != 0 && !UserPointer.IsValid(set, 8)) || (old != 0 && !UserPointer.IsValid(old, 8)))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        ProgramThread* self = ThreadScheduler.Current;
        if (old != 0)
        {
            *(ulong*)old = self->BlockedSignals;
        }

        if (set != 0)
        {
            ulong bits = *(ulong*)set, blocked = self->BlockedSignals;
            blocked = how == 0 ? blocked | bits : how == 1 ? blocked & ~bits : bits;
            self->BlockedSignals = blocked & ~(Bit(Kill) | Bit(Stop));
        }

        return 0;
    }

    /// <summary>sigaltstack(ss, old_ss).</summary>
    private static long Sigaltstack(SyscallFrame* frame)
    {
        ulong stack = frame->Arg0, old = frame->Arg1;
        if ((stack != 0 && !UserPointer.IsValid(stack, AltStackSize)) || (old != 0 && !UserPointer.IsValid(old, AltStackSize)))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        ProgramThread* self = ThreadScheduler.Current;
        if (old != 0)
        {
            ((ulong*)old)[0] = self->AltStackBase;
            ((ulong*)old)[1] = (uint)self->AltStackFlags;
            ((ulong*)old)[2] = self->AltStackSize;
        }

        if (stack != 0)
        {
            int flags = *(int*)(stack + 8);
            if ((flags & ~StackDisabled) != 0)
            {
                return -(long)LinuxErrno.EINVAL;
            }

            self->AltStackBase = ((ulong*)stack)[0];
            self->AltStackSize = ((ulong*)stack)[2];
            self->AltStackFlags = flags;
        }

        return 0;
    }

    /// <summary>rt_sigreturn(): resumes every register, the SSE state and the mask the handler's frame holds; never returns.</summary>
    private static long RtSigreturn(SyscallFrame* frame)
    {
        ProgramThread* self = ThreadScheduler.Current;
        RegisterSet registers;
        byte* fxbuffer = stackalloc byte[SignalFrame.FxsaveSize + 16];
        byte* fxstate = (byte*)(((ulong)fxbuffer + 15) & ~15UL);
        // A frame without an fpstate keeps the SSE state of the call itself.
        Buffer.MemoryCopy((byte*)(((ulong)frame - SignalFrame.FxsaveSize) & ~15UL), fxstate, SignalFrame.FxsaveSize, SignalFrame.FxsaveSize);
        if (!SignalFrame.Pop(self, frame->Rsp, &registers, fxstate))
        {
            Runtime.Panic.Stop("rt_sigreturn without a readable signal frame at 0x" + Number.FormatHex(frame->Rsp), frame->Rip);
        }

        Cpu.ResumeRegisters((ulong*)&registers, fxstate);
        return 0;
    }

    /// <summary>tgkill(tgid, tid, signal).</summary>
    private static long Tgkill(SyscallFrame* frame) =>
        frame->Arg0 != (ulong)Identity.ProcessId ? -(long)LinuxErrno.ESRCH : SendTo((long)frame->Arg1, frame->Arg2);

    /// <summary>tkill(tid, signal).</summary>
    private static long Tkill(SyscallFrame* frame) => SendTo((long)frame->Arg0, frame->Arg1);

    /// <summary>kill(pid, signal): the process (or its group) is the isle's one program: its main thread takes it.</summary>
    private static long KillProcess(SyscallFrame* frame)
    {
        long pid = (long)frame->Arg0;
        return pid == Identity.ProcessId || pid == 0 || pid == -1 || pid == -Identity.ProcessId ? SendTo(Identity.ProcessId, frame->Arg1) : -(long)LinuxErrno.ESRCH;
    }

    /// <summary>Sends <paramref name="signal"/> to thread <paramref name="id"/> (0: only checks it exists).</summary>
    private static long SendTo(long id, ulong signal)
    {
        if (signal > MaxSignal)
        {
            return -(long)LinuxErrno.EINVAL;
        }

        ProgramThread* thread = ThreadTable.Find(id);
        if (thread == null || System.Threading.Volatile.Read(ref thread->State) == (int)ThreadRunState.Dead)
        {
            return -(long)LinuxErrno.ESRCH;
        }

        if (signal != 0)
        {
            SignalDelivery.Send(thread, (int)signal);
        }

        return 0;
    }
}
