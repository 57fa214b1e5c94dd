using System.Runtime;
using System.Runtime.CompilerServices;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>Addresses the linker script and boot stub define.</summary>
internal static unsafe class LinkerSymbols
{
    /// <summary>Reads entry <paramref name="which"/> of the boot stub's table.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("hpc_linker_symbol")]
    private static extern byte* Get(int which);

    /// <summary>Start of the module pointers (ReadyToRun headers).</summary>
    public static nint* ModulesStart => (nint*)Get(0);
    /// <summary>End of the module pointers.</summary>
    public static nint* ModulesEnd => (nint*)Get(1);
    /// <summary>First byte of the image.</summary>
    public static byte* ImageStart => Get(2);
    /// <summary>First byte after the image (bss included).</summary>
    public static byte* ImageEnd => Get(3);
    /// <summary>Start of the symbol table blob.</summary>
    public static byte* SymbolsStart => Get(4);
    /// <summary>End of the symbol table blob.</summary>
    public static byte* SymbolsEnd => Get(5);
    /// <summary>Start of the application-processor trampoline.</summary>
    public static byte* TrampolineStart => Get(6);
    /// <summary>End of the trampoline.</summary>
    public static byte* TrampolineEnd => Get(7);
    /// <summary>The stack tops the application processors take.</summary>
    public static ulong* ApStackTops => (ulong*)Get(8);
    /// <summary>The per-cpu blocks (64 × 128 bytes in .bss).</summary>
    public static byte* CpuLocals => Get(9);
    /// <summary>The system-call entry (Boot/syscall.asm), LSTAR's target.</summary>
    public static byte* SyscallEntry => Get(10);
    /// <summary>Where a new Linux thread's first switch lands (Boot/syscall.asm).</summary>
    public static byte* ThreadStart => Get(11);
    /// <summary>The GDT's task-state descriptors (16 bytes a cpu, selector 0x28 + 16 × cpu).</summary>
    public static byte* TaskStateDescriptors => Get(12);
    /// <summary>The IDT (256 gates of 16 bytes).</summary>
    public static byte* InterruptDescriptorTable => Get(13);
}
