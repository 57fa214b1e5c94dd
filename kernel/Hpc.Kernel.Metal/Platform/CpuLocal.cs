namespace Hpc.Kernel.Metal.Platform;

/// <summary>
/// One cpu's own block, reached through GS (its first word is its own address): index, APIC id and the region the
/// allocator bumps through. Each block sits on its own cache lines.
/// </summary>
internal unsafe struct CpuLocal
{
    /// <summary>Most cpus an isle drives.</summary>
    public const int MaxCpus = 64;

    /// <summary>This block's address (read through GS:0).</summary>
    public CpuLocal* Self;
    /// <summary>The cpu's index in the isle (0 = bootstrap processor).</summary>
    public int Index;
    /// <summary>The local APIC id.</summary>
    public int ApicId;
    /// <summary>Next free byte of the cpu's allocation region.</summary>
    public byte* AllocNext;
    /// <summary>End of the cpu's allocation region.</summary>
    public byte* AllocEnd;
    /// <summary>Non-zero once the cpu runs C#.</summary>
    public int Online;
    /// <summary>Counts the IPIs the cpu took (tests check wake-ups).</summary>
    public int Wakeups;
    /// <summary>Top of the running thread's kernel stack, where system calls run (Boot/syscall.asm reads it at offset <see cref="SyscallStackOffset"/>).</summary>
    public ulong SyscallStackTop;
    /// <summary>The Linux program's RSP while the kernel serves its system call (offset <see cref="ProgramRspOffset"/>).</summary>
    public ulong ProgramStackPointer;
    /// <summary>Padding to two cache lines.</summary>
    private fixed byte _padding[128 - 56];

    /// <summary>Offset of <see cref="SyscallStackTop"/>: CPU_SYSCALL_STACK in Boot/syscall.asm.</summary>
    public const int SyscallStackOffset = 40;
    /// <summary>Offset of <see cref="ProgramStackPointer"/>: CPU_PROGRAM_RSP in Boot/syscall.asm.</summary>
    public const int ProgramRspOffset = 48;

    /// <summary>The blocks of every cpu (in the image's .bss, so they exist before memory is set up).</summary>
    private static CpuLocal* Blocks => (CpuLocal*)LinkerSymbols.CpuLocals;

    /// <summary>Block of cpu <paramref name="index"/>.</summary>
    public static CpuLocal* Of(int index) => Blocks + index;

    /// <summary>The calling cpu's index (GS must be set up: see <see cref="Install"/>).</summary>
    public static int CurrentIndex
    {
        get
        {
            return Cpu.Local()->Index;
        }
    }

    /// <summary>Points GS at block <paramref name="index"/> for the calling cpu.</summary>
    public static CpuLocal* Install(int index)
    {
        CpuLocal* block = Blocks + index;
        block->Self = block;
        block->Index = index;
        const uint gsBase = 0xC0000101;
        Cpu.WriteMsr(gsBase, (ulong)block);
        return block;
    }
}
