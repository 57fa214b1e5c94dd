using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Elf;

/// <summary>One ELF64 program header: a segment the loader maps or a note about the program.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Elf64ProgramHeader
{
    /// <summary>A segment to map.</summary>
    public const uint TypeLoad = 1;
    /// <summary>The dynamic linker's path: the program is dynamically linked.</summary>
    public const uint TypeInterpreter = 3;
    /// <summary>Where the program headers themselves are mapped.</summary>
    public const uint TypeProgramHeaders = 6;

    /// <summary>Segment type.</summary>
    public uint Type;
    /// <summary>Permissions (R, W, X): every page is RWX in this step's identity map.</summary>
    public uint Flags;
    /// <summary>File offset of the segment's bytes.</summary>
    public ulong Offset;
    /// <summary>Address (relative to the load base for a PIE).</summary>
    public ulong VirtualAddress;
    /// <summary>Physical address (unused).</summary>
    public ulong PhysicalAddress;
    /// <summary>Bytes in the file.</summary>
    public ulong FileSize;
    /// <summary>Bytes in memory (the rest past <see cref="FileSize"/> is zero: .bss).</summary>
    public ulong MemorySize;
    /// <summary>Alignment of the address and the offset.</summary>
    public ulong Align;
}
