using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Runtime;
using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// Turns on the `syscall` instruction for the calling cpu and receives every call: EFER.SCE, LSTAR = the entry
/// stub in Boot/syscall.asm, STAR's kernel selector = our 64-bit code segment 0x18 (the CPU loads SS = 0x20, the
/// data descriptor that follows it in the GDT), SFMASK clears IF, TF, DF, AC and NT while the kernel runs. The
/// program runs at ring 0 in this step, so STAR's ring-3 selectors are never used (no sysret).
/// </summary>
internal static unsafe class SyscallEntry
{
    /// <summary>Extended feature enable register.</summary>
    private const uint Efer = 0xC0000080;
    /// <summary>Segment selectors for syscall/sysret.</summary>
    private const uint Star = 0xC0000081;
    /// <summary>64-bit syscall target.</summary>
    private const uint Lstar = 0xC0000082;
    /// <summary>Flags cleared on syscall.</summary>
    private const uint Sfmask = 0xC0000084;
    /// <summary>The kernel's 64-bit code selector (Boot/boot.asm's GDT).</summary>
    private const ulong KernelCode = 0x18;
    /// <summary>TF | IF | DF | IOPL | NT | AC, as Linux masks them.</summary>
    private const ulong MaskedFlags = 0x47700;
    /// <summary>
    /// Points the calling cpu's MSRs at the entry stub. The system-call stack is the running thread's kernel stack
    /// (Linux/Threads/ThreadScheduler.cs sets <see cref="CpuLocal.SyscallStackTop"/> with each switch).
    /// </summary>
    public static void InstallOnThisCpu()
    {
        CpuLocal* local = Cpu.Local();
        if ((byte*)&local->SyscallStackTop - (byte*)local != CpuLocal.SyscallStackOffset ||
            (byte*)&local->ProgramStackPointer - (byte*)local != CpuLocal.ProgramRspOffset)
        {
            Panic.Stop("CpuLocal's system-call slots moved: update Boot/syscall.asm", 0);
        }

        Cpu.WriteMsr(Efer, Cpu.ReadMsr(Efer) | 1);
        Cpu.WriteMsr(Star, KernelCode << 32);
        Cpu.WriteMsr(Lstar, (ulong)LinkerSymbols.SyscallEntry);
        Cpu.WriteMsr(Sfmask, MaskedFlags);
    }

    /// <summary>Boot/syscall.asm calls this with the saved frame; the result goes back in RAX (or a signal handler is entered).</summary>
    [UnmanagedCallersOnly(EntryPoint = "HpcSyscall")]
    private static long Dispatch(SyscallFrame* frame)
    {
        long result = SyscallTable.Invoke(frame);
        // The thread leaves the kernel here: its pending signals go out now (the call's result is in their frame).
        Threads.ProgramThread* self = Threads.ThreadScheduler.Current;
        return Signals.SignalDelivery.HasDeliverable(self) ? Signals.SignalDelivery.AtSyscallReturn(frame, result) : result;
    }
}
