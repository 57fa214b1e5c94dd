using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>The main thread's stack: one zeroed block (no guard page below it yet: that needs page tables).</summary>
internal static unsafe class ProgramStack
{
    /// <summary>Bytes of the stack (what getrlimit(RLIMIT_STACK) reports).</summary>
    public const ulong Size = 2UL << 20;

    /// <summary>Claims the stack; returns its top.</summary>
    public static ulong Allocate() => (ulong)PhysicalMemory.Claim(Size) + Size;
}
