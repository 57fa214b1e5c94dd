using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Linux.Threads;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Runtime;

namespace Hpc.Kernel.Metal.Linux.Signals;

/// <summary>
/// Signals reaching threads. A sent signal (tgkill) becomes pending on its thread; a thread blocked in a system call
/// is woken (the call returns EINTR), one running the program on another vCPU gets the signal IPI. Pending signals
/// are delivered where the thread leaves the kernel: at the end of each system call and of each interrupt that came
/// while it ran program code. A fault in program code (page fault, #DE, #UD, #GP) is delivered at once when the
/// program has a handler for it (the runtime turns SIGSEGV at a null address into NullReferenceException);
/// without one it stays a panic. A signal whose action is the default ends the program with 128 + the signal.
/// </summary>
internal static unsafe class SignalDelivery
{
    /// <summary>The IPI vector that makes a vCPU look at its running thread's pending signals.</summary>
    public const int SignalVector = 0xF3;
    /// <summary>si_code of a signal sent by tkill/tgkill.</summary>
    private const int SentByThread = -6;

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="thread"/> (tgkill); a signal ignored by its action is
    /// dropped, as Linux does.
    /// </summary>
    public static void Send(ProgramThread* thread, int signal)
    {
        ulong handler = SignalActions.Of(signal)[0];
        if (handler == SignalActions.Ignore || (handler == SignalActions.Default && !SignalActions.DefaultTerminates(signal)))
        {
            return;
        }

        ulong bit = SignalActions.Bit(signal);
        long pending;
        do
        {
            pending = Volatile.Read(ref *(long*)&thread->PendingSignals);
        }
        while (Interlocked.CompareExchange(ref *(long*)&thread->PendingSignals, pending | (long)bit, pending) != pending);

        if ((thread->BlockedSignals & bit) != 0)
        {
            return;
        }

        if (ThreadScheduler.Wake(thread, WakeReason.Signal))
        {
            return;
        }

        int cpu = thread->Cpu;
        if (cpu != CpuLocal.CurrentIndex && ThreadTable.QueueOf(cpu)->Current == thread)
        {
            LocalApic.SendIpi(CpuLocal.Of(cpu)->ApicId, SignalVector | 0x4000);
        }
    }

    /// <summary>True when <paramref name="thread"/> has a pending signal it does not block.</summary>
    public static bool HasDeliverable(ProgramThread* thread) => (Volatile.Read(ref *(long*)&thread->PendingSignals) & (long)~thread->BlockedSignals) != 0;

    /// <summary>
    /// At a system call's end: delivers the calling thread's pending signals by rewriting <paramref name="frame"/>
    /// to enter the handler; returns what RAX gets (the call's <paramref name="result"/> is in the frame's copy).
    /// </summary>
    public static long AtSyscallReturn(SyscallFrame* frame, long result)
    {
        ProgramThread* self = ThreadScheduler.Current;
        int signal = Take(self);
        if (signal == 0)
        {
            return result;
        }

        RegisterSet registers = new()
        {
            R8 = frame->Arg4, R9 = frame->Arg5, R10 = frame->Arg3, R11 = frame->Rflags, R12 = frame->R12, R13 = frame->R13,
            R14 = frame->R14, R15 = frame->R15, Rdi = frame->Arg0, Rsi = frame->Arg1, Rbp = frame->Rbp, Rbx = frame->Rbx,
            Rdx = frame->Arg2, Rax = (ulong)result, Rcx = frame->Rip, Rsp = frame->Rsp, Rip = frame->Rip, Rflags = frame->Rflags,
        };
        // Boot/syscall.asm keeps the program's SSE state 16-aligned right below the frame.
        byte* fxstate = (byte*)(((ulong)frame - SignalFrame.FxsaveSize) & ~15UL);
        Deliver(self, signal, &registers, fxstate, new SignalFrame.Cause { Code = SentByThread });
        frame->Rip = registers.Rip;
        frame->Rsp = registers.Rsp;
        frame->Arg0 = registers.Rdi;
        frame->Arg1 = registers.Rsi;
        frame->Arg2 = registers.Rdx;
        frame->Rflags = registers.Rflags;
        return 0;
    }

    /// <summary>At the end of an interrupt that came while the program ran: delivers the running thread's pending signals.</summary>
    public static void AtInterrupt(InterruptFrame* frame)
    {
        if (!LinuxProgram.Contains(frame->Rip))
        {
            // The kernel was interrupted (it runs with interrupts off but for hlt and the last steps of a system
            // call's return): the signal goes out at the next system call or interrupt in program code.
            return;
        }

        ProgramThread* self = ThreadScheduler.Current;
        int signal = Take(self);
        if (signal != 0)
        {
            PushOnInterrupt(self, signal, frame, new SignalFrame.Cause { Code = SentByThread });
        }
    }

    /// <summary>
    /// A CPU exception in program code as <paramref name="signal"/> with <paramref name="cause"/>: delivered now when
    /// the program handles it and does not block it; false otherwise (the caller panics, as the default action
    /// would end the program).
    /// </summary>
    public static bool FromFault(InterruptFrame* frame, int signal, SignalFrame.Cause cause)
    {
        ProgramThread* self = ThreadScheduler.Current;
        ulong handler = SignalActions.Of(signal)[0];
        if (self == null || handler == SignalActions.Default || handler == SignalActions.Ignore || (self->BlockedSignals & SignalActions.Bit(signal)) != 0)
        {
            return false;
        }

        cause.IsFault = true;
        return PushOnInterrupt(self, signal, frame, cause);
    }

    /// <summary>Pushes a frame for the thread interrupted at <paramref name="frame"/> and points the interrupt's return at the handler.</summary>
    private static bool PushOnInterrupt(ProgramThread* self, int signal, InterruptFrame* frame, SignalFrame.Cause cause)
    {
        RegisterSet registers = new()
        {
            R8 = frame->R8, R9 = frame->R9, R10 = frame->R10, R11 = frame->R11, R12 = frame->R12, R13 = frame->R13,
            R14 = frame->R14, R15 = frame->R15, Rdi = frame->Rdi, Rsi = frame->Rsi, Rbp = frame->Rbp, Rbx = frame->Rbx,
            Rdx = frame->Rdx, Rax = frame->Rax, Rcx = frame->Rcx, Rsp = frame->Rsp, Rip = frame->Rip, Rflags = frame->Rflags,
        };
        // Boot/boot.asm's interrupt entry keeps the interrupted SSE state 16-aligned right below the frame.
        byte* fxstate = (byte*)(((ulong)frame - SignalFrame.FxsaveSize) & ~15UL);
        if (!Deliver(self, signal, &registers, fxstate, cause))
        {
            return false;
        }

        frame->Rip = registers.Rip;
        frame->Rsp = registers.Rsp;
        frame->Rdi = registers.Rdi;
        frame->Rsi = registers.Rsi;
        frame->Rdx = registers.Rdx;
        frame->Rax = registers.Rax;
        frame->Rflags = registers.Rflags;
        return true;
    }

    /// <summary>Runs <paramref name="signal"/>'s action for <paramref name="self"/>: a handler's frame, or the end of the program.</summary>
    private static bool Deliver(ProgramThread* self, int signal, RegisterSet* registers, byte* fxstate, SignalFrame.Cause cause)
    {
        if (SignalActions.Of(signal)[0] == SignalActions.Default)
        {
            KernelConsole.WriteNotice("hpc: the program was ended by signal " + Number.Format(signal));
            Exit.Job(128 + signal);
        }

        if (!SignalFrame.Push(self, signal, registers, fxstate, cause))
        {
            Panic.Stop("no room on thread " + Number.Format(self->Id) + "'s stack for the frame of signal " + Number.Format(signal), registers->Rip);
        }

        return true;
    }

    /// <summary>Takes the lowest pending signal <paramref name="self"/> does not block off its pending set; 0 when none.</summary>
    private static int Take(ProgramThread* self)
    {
        while (true)
        {
            long pending = Volatile.Read(ref *(long*)&self->PendingSignals);
            long deliverable = pending & (long)~self->BlockedSignals;
            if (deliverable == 0)
            {
                return 0;
            }

            int signal = 1;
            while ((deliverable & (1L << (signal - 1))) == 0)
            {
                signal++;
            }

            if (Interlocked.CompareExchange(ref *(long*)&self->PendingSignals, pending & ~(1L << (signal - 1)), pending) == pending)
            {
                return signal;
            }
        }
    }
}
