using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>
/// Each cpu's 64-bit TSS, used only for its interrupt stack table: the Linux program runs at ring 0, so an
/// interrupt or fault would otherwise be pushed onto the program's own stack — over its red zone, or onto a stack
/// page not backed yet (a double fault). With an IST index in every gate the CPU always switches stacks: page faults
/// on <see cref="PageFaultStack"/>, NMI, double fault and machine check on <see cref="CriticalStack"/>, the rest on
/// <see cref="InterruptStack"/> (a page fault inside another handler then does not overwrite that handler's frame).
/// </summary>
internal static unsafe class TaskStateSegment
{
    /// <summary>IST index of device interrupts and most exceptions.</summary>
    public const int InterruptStack = 1;
    /// <summary>IST index of page faults.</summary>
    public const int PageFaultStack = 2;
    /// <summary>IST index of NMI, #DF and #MC.</summary>
    public const int CriticalStack = 3;
    /// <summary>Bytes of a TSS.</summary>
    private const int Size = 104;
    /// <summary>Bytes of each interrupt stack.</summary>
    private const ulong StackSize = 32 * 1024;
    /// <summary>The first TSS selector (Boot/boot.asm's GDT).</summary>
    private const int FirstSelector = 0x28;

    /// <summary>Gives the calling cpu its TSS with three interrupt stacks and loads the task register.</summary>
    public static void InstallOnThisCpu()
    {
        int cpu = CpuLocal.CurrentIndex;
        byte* tss = PhysicalMemory.Claim(Size);
        for (int ist = 1; ist <= CriticalStack; ist++)
        {
            // IST n lives at offset 0x24 + 8 (n - 1); its stacks are 16-aligned tops.
            *(ulong*)(tss + 0x24 + 8 * (ist - 1)) = (ulong)PhysicalMemory.Claim(StackSize) + StackSize;
        }

        // No I/O permission bitmap: its offset points past the end.
        *(ushort*)(tss + 102) = Size;
        ulong address = (ulong)tss;
        ulong* descriptor = (ulong*)(LinkerSymbols.TaskStateDescriptors + 16 * cpu);
        descriptor[0] = (ulong)(Size - 1) | ((address & 0xFFFFFF) << 16) | (0x89UL << 40) | (((address >> 24) & 0xFF) << 56);
        descriptor[1] = address >> 32;
        Cpu.LoadTaskRegister(FirstSelector + 16 * cpu);
    }

    /// <summary>
    /// Puts the IST index into every IDT gate (once every cpu has loaded its TSS: a gate with an IST index on a cpu
    /// without a TSS is a triple fault).
    /// </summary>
    public static void UseInterruptStacks()
    {
        byte* gates = LinkerSymbols.InterruptDescriptorTable;
        for (int vector = 0; vector < 256; vector++)
        {
            gates[vector * 16 + 4] = (byte)(vector == 14 ? PageFaultStack : vector == 2 || vector == 8 || vector == 18 ? CriticalStack : InterruptStack);
        }
    }
}
