using System.Runtime;
using System.Runtime.CompilerServices;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>The processor instructions C# cannot express, implemented in Boot/boot.asm.</summary>
internal static unsafe class Cpu
{
    /// <summary>Writes a byte to an I/O port.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_outb")]
    public static extern void OutByte(int port, int value);

    /// <summary>Writes a 16-bit word to an I/O port.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_outw")]
    public static extern void OutWord(int port, int value);

    /// <summary>Reads a byte from an I/O port.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_inb")]
    public static extern int InByte(int port);

    /// <summary>Writes a 32-bit word to an I/O port.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_outd")]
    public static extern void OutDword(int port, uint value);

    /// <summary>Reads a 32-bit word from an I/O port.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_ind")]
    public static extern uint InDword(int port);

    /// <summary>Reads a model-specific register.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_rdmsr")]
    public static extern ulong ReadMsr(uint msr);

    /// <summary>Writes a model-specific register.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_wrmsr")]
    public static extern void WriteMsr(uint msr, ulong value);

    /// <summary>CPUID: writes EAX, EBX, ECX, EDX to <paramref name="registers"/>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_cpuid")]
    public static extern void CpuId(uint leaf, uint subleaf, uint* registers);

    /// <summary>The time-stamp counter.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_rdtsc")]
    public static extern ulong ReadTsc();

    /// <summary>Spin-wait hint.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_pause")]
    public static extern void Pause();

    /// <summary>Halts until an interrupt (enabled for that hlt only), then disables interrupts again.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_wait_for_interrupt")]
    public static extern void WaitForInterrupt();

    /// <summary>Stops this cpu for good.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_halt_forever")]
    public static extern void HaltForever();

    /// <summary>Unmaps page 0 (after boot has read what the loader put there).</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_unmap_page0")]
    public static extern void UnmapPageZero();

    /// <summary>The address of the last page fault.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_read_cr2")]
    public static extern ulong ReadCr2();

    /// <summary>This cpu's per-cpu block (GS base).</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_cpu_local")]
    public static extern CpuLocal* Local();

    /// <summary>Jumps to a Linux program's entry with RSP = <paramref name="stack"/> (Boot/syscall.asm); never returns.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_enter_program")]
    public static extern void EnterProgram(ulong entry, ulong stack);

    /// <summary>
    /// Saves the callee-saved registers and RSP to <paramref name="save"/> and resumes the kernel stack at
    /// <paramref name="next"/> (Boot/syscall.asm); returns when something switches back to the saved one.
    /// </summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_switch_context")]
    public static extern void SwitchContext(ulong* save, ulong next);

    /// <summary>
    /// Loads the SSE state at <paramref name="fxstate"/> (16-aligned) and the general registers, RSP, RIP and RFLAGS
    /// of the sigcontext-ordered block at <paramref name="registers"/>, and continues there (Boot/syscall.asm); never returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_resume_registers")]
    public static extern void ResumeRegisters(ulong* registers, byte* fxstate);

    /// <summary>CR3: the page-table root (shared by every cpu: one address space).</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_read_cr3")]
    public static extern ulong ReadCr3();

    /// <summary>Drops every TLB entry of the calling cpu.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_flush_tlb")]
    public static extern void FlushTlb();

    /// <summary>Drops the calling cpu's TLB entry for the page holding <paramref name="address"/>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_invlpg")]
    public static extern void InvalidatePage(ulong address);

    /// <summary>Loads the task register with <paramref name="selector"/>.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_load_task_register")]
    public static extern void LoadTaskRegister(int selector);

    /// <summary>CPUID leaf 1 ECX bit <paramref name="bit"/>.</summary>
    public static bool HasFeatureEcx1(int bit)
    {
        uint* r = stackalloc uint[4];
        CpuId(1, 0, r);
        return (r[2] & (1u << bit)) != 0;
    }
}
