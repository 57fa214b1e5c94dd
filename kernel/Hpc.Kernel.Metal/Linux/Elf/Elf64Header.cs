using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Elf;

/// <summary>The ELF64 file header (System V gABI), as it lies at the start of the file.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Elf64Header
{
    /// <summary>Type of a position-independent executable (static PIE) or shared object.</summary>
    public const ushort TypeDynamic = 3;
    /// <summary>Type of a fixed-address executable.</summary>
    public const ushort TypeExecutable = 2;
    /// <summary>Machine number of x86-64.</summary>
    public const ushort MachineX86_64 = 62;

    /// <summary>Magic, class, data encoding, version, ABI.</summary>
    public fixed byte Ident[16];
    /// <summary>File type.</summary>
    public ushort Type;
    /// <summary>Target machine.</summary>
    public ushort Machine;
    /// <summary>Format version.</summary>
    public uint Version;
    /// <summary>Entry point (relative to the load base for a PIE).</summary>
    public ulong Entry;
    /// <summary>File offset of the program headers.</summary>
    public ulong ProgramHeaderOffset;
    /// <summary>File offset of the section headers.</summary>
    public ulong SectionHeaderOffset;
    /// <summary>Processor flags.</summary>
    public uint Flags;
    /// <summary>Size of this header.</summary>
    public ushort HeaderSize;
    /// <summary>Size of one program header.</summary>
    public ushort ProgramHeaderSize;
    /// <summary>Number of program headers.</summary>
    public ushort ProgramHeaderCount;
    /// <summary>Size of one section header.</summary>
    public ushort SectionHeaderSize;
    /// <summary>Number of section headers.</summary>
    public ushort SectionHeaderCount;
    /// <summary>Index of the section-name table.</summary>
    public ushort SectionNameIndex;
}
