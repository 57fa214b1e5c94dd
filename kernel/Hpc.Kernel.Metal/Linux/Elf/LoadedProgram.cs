namespace Hpc.Kernel.Metal.Linux.Elf;

/// <summary>Where <see cref="ElfLoader"/> put a program: what the initial stack's auxiliary vector tells it.</summary>
internal struct LoadedProgram
{
    /// <summary>The load base (added to every address in the file).</summary>
    public ulong Base;
    /// <summary>The absolute entry point.</summary>
    public ulong Entry;
    /// <summary>The absolute address of the mapped program headers (AT_PHDR).</summary>
    public ulong ProgramHeaders;
    /// <summary>Size of one program header (AT_PHENT).</summary>
    public ulong ProgramHeaderSize;
    /// <summary>Number of program headers (AT_PHNUM).</summary>
    public ulong ProgramHeaderCount;
    /// <summary>First byte after the highest segment (page-aligned).</summary>
    public ulong End;
}
