using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Memory;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Signal state as the runtime sets it up: handlers (rt_sigaction, one table for the process), the blocked mask
/// (rt_sigprocmask) and the alternate stack (sigaltstack) of each thread are kept and read back as Linux would. Nothing is delivered yet: a fault still
/// panics (delivery with a signal frame and rt_sigreturn is the next step of the personality).
/// </summary>
internal static unsafe class Signals
{
    /// <summary>Highest signal number.</summary>
    private const ulong MaxSignal = 64;
    /// <summary>SIGKILL: its action cannot change, it cannot be blocked.</summary>
    private const ulong Kill = 9;
    /// <summary>SIGSTOP: its action cannot change, it cannot be blocked.</summary>
    private const ulong Stop = 19;
    /// <summary>Bytes of a kernel sigaction (handler, flags, restorer, mask).</summary>
    private const int ActionSize = 32;
    /// <summary>Bytes of a stack_t (sp, flags, size).</summary>
    private const int AltStackSize = 24;
    /// <summary>sigaltstack flag: no alternate stack.</summary>
    public const int StackDisabled = 2;

    /// <summary>The actions, <see cref="ActionSize"/> bytes per signal 0..64 (claimed on first use: raw memory, no objects).</summary>
    private static byte* s_actions;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        s_actions = PhysicalMemory.Claim((MaxSignal + 1) * ActionSize);
        SyscallTable.Register(SyscallNames.RtSigaction, &RtSigaction);
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

        byte* slot = s_actions + signal * ActionSize;
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
}
