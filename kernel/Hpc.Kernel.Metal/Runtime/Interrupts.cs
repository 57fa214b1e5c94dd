using System.Runtime.InteropServices;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Runtime;

/// <summary>What the boot stub's common interrupt entry pushed: the general registers, vector, error code, CPU frame.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct InterruptFrame
{
    /// <summary>Saved registers, last pushed first.</summary>
    public ulong R15, R14, R13, R12, R11, R10, R9, R8, Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
    /// <summary>The vector.</summary>
    public ulong Vector;
    /// <summary>The CPU's error code, or 0.</summary>
    public ulong ErrorCode;
    /// <summary>Where the CPU was.</summary>
    public ulong Rip;
    /// <summary>Code segment.</summary>
    public ulong Cs;
    /// <summary>Flags.</summary>
    public ulong Rflags;
    /// <summary>Stack pointer.</summary>
    public ulong Rsp;
    /// <summary>Stack segment.</summary>
    public ulong Ss;
}

/// <summary>
/// Every interrupt and exception: a page fault in the Linux program's mappings backs the page; other CPU exceptions
/// become panics naming the .NET exception they stand for where there is one (#DE, a page fault in page 0); the
/// TLB flush IPI flushes; the wake-up IPI and the deadline timer just acknowledge the local APIC; the stop NMI halts.
/// </summary>
internal static unsafe class Interrupts
{
    /// <summary>Vector of the wake-up IPI.</summary>
    public const int WakeVector = 0xF0;
    /// <summary>Vector of the local APIC deadline timer.</summary>
    public const int TimerVector = 0xF1;
    /// <summary>Spurious-interrupt vector.</summary>
    public const int SpuriousVector = 0xFF;

    /// <summary>The boot stub's common entry calls this with the saved frame.</summary>
    [UnmanagedCallersOnly(EntryPoint = "HpcInterrupt")]
    private static void Handle(InterruptFrame* frame)
    {
        ulong vector = frame->Vector;
        if (vector == 2)
        {
            // Another cpu panicked and stops us.
            Cpu.HaltForever();
        }

        if (vector == 14 && Linux.Memory.ProgramAddressSpace.HandleFault(Cpu.ReadCr2(), (frame->ErrorCode & 2) != 0))
        {
            // A page of the program's mappings touched for the first time: backed now; the access runs again.
            return;
        }

        if (vector < 32)
        {
            if (!DeliverFault(frame))
            {
                Fault(frame);
            }

            return;
        }

        if (vector == Memory.TlbShootdown.FlushVector)
        {
            Memory.TlbShootdown.ServePending();
        }
        else if (vector == WakeVector)
        {
            Cpu.Local()->Wakeups++;
        }
        else if (vector == TimerVector)
        {
            System.Threading.Interlocked.Increment(ref Clock.TimerInterrupts);
        }

        if (vector != SpuriousVector)
        {
            LocalApic.EndOfInterrupt();
        }

        // The signal IPI exists for this; any other interrupt of program code is also a way out of the kernel.
        if (Linux.LinuxProgram.Contains(frame->Rip))
        {
            Linux.Signals.SignalDelivery.AtInterrupt(frame);
        }
    }

    /// <summary>
    /// A CPU exception in the Linux program as the signal Linux sends for it (page fault: SIGSEGV with the address;
    /// #DE: SIGFPE; #UD: SIGILL; #GP: SIGSEGV), delivered when the program handles it; false otherwise.
    /// </summary>
    private static bool DeliverFault(InterruptFrame* frame)
    {
        if (!Linux.LinuxProgram.Contains(frame->Rip))
        {
            return false;
        }

        ulong vector = frame->Vector;
        var cause = new Linux.Signals.SignalFrame.Cause { Trap = vector, Error = frame->ErrorCode };
        int signal;
        switch (vector)
        {
            case 14:
                signal = 11;
                cause.Address = Cpu.ReadCr2();
                cause.Code = (frame->ErrorCode & 1) != 0 ? 2 : 1;   // SEGV_ACCERR, SEGV_MAPERR
                break;
            case 0:
                signal = 8;
                cause.Address = frame->Rip;
                cause.Code = 1;                                      // FPE_INTDIV
                break;
            case 6:
                signal = 4;
                cause.Address = frame->Rip;
                cause.Code = 2;                                      // ILL_ILLOPN
                break;
            case 13:
                signal = 11;
                cause.Code = 0x80;                                   // SI_KERNEL
                break;
            default:
                return false;
        }

        return Linux.Signals.SignalDelivery.FromFault(frame, signal, cause);
    }

    /// <summary>Turns a CPU exception into a panic.</summary>
    private static void Fault(InterruptFrame* frame)
    {
        ulong vector = frame->Vector;
        string cause;
        if (Linux.LinuxProgram.Contains(frame->Rip))
        {
            // A Linux program's fault it has no handler for (DeliverFault found none): the default action ends it.
            cause = vector == 14
                ? "the program's segmentation fault: page fault at 0x" + Number.FormatHex(Cpu.ReadCr2()) + " (error " + Number.Format((long)frame->ErrorCode) + ")"
                : "the program's " + Name(vector) + " (error " + Number.Format((long)frame->ErrorCode) + ")";
        }
        else if (vector == 0)
        {
            cause = "System.DivideByZeroException: Attempted to divide by zero (#DE)";
        }
        else if (vector == 14)
        {
            ulong address = Cpu.ReadCr2();
            cause = address < 4096
                ? "System.NullReferenceException: Object reference not set to an instance of an object (page fault at 0x" + Number.FormatHex(address) + ")"
                : "page fault at 0x" + Number.FormatHex(address) + " (error " + Number.Format((long)frame->ErrorCode) + ")";
        }
        else
        {
            cause = Name(vector) + " (error " + Number.Format((long)frame->ErrorCode) + ")";
        }

        Panic.Stop(cause, frame->Rip);
    }

    /// <summary>The exception's mnemonic.</summary>
    private static string Name(ulong vector) => vector switch
    {
        1 => "#DB debug",
        3 => "#BP breakpoint",
        4 => "#OF overflow",
        5 => "#BR bound range",
        6 => "#UD invalid opcode",
        7 => "#NM device not available",
        8 => "#DF double fault",
        10 => "#TS invalid TSS",
        11 => "#NP segment not present",
        12 => "#SS stack fault",
        13 => "#GP general protection",
        16 => "#MF x87 error",
        17 => "#AC alignment check",
        18 => "#MC machine check",
        19 => "#XM SIMD floating point",
        _ => "CPU exception " + Number.Format((long)vector),
    };
}
