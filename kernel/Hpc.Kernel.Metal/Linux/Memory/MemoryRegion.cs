using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Memory;

/// <summary>One mapping of the program's address space: [Start, End), page-aligned, with one protection.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MemoryRegion
{
    /// <summary>First byte.</summary>
    public ulong Start;
    /// <summary>First byte after it.</summary>
    public ulong End;
    /// <summary>PROT_* bits (READ 1, WRITE 2, EXEC 4; 0 = PROT_NONE: reserved, every access faults).</summary>
    public ulong Protection;
}
