namespace Hpc.Kernel.Metal.Boot;

/// <summary>
/// What the boot loader handed over, in one shape for both boot protocols (<see cref="HvmStartInfo.Describe"/>,
/// <see cref="Multiboot2Info.Describe"/>). Addresses are physical (identity-mapped); 0 means absent.
/// </summary>
internal struct BootLoaderInfo
{
    /// <summary>The kernel command line (NUL-terminated ASCII).</summary>
    public ulong CommandLineAddress;

    /// <summary>The first boot module's bytes (the Linux program to run).</summary>
    public ulong ModuleAddress;

    /// <summary>The first boot module's size in bytes.</summary>
    public ulong ModuleSize;

    /// <summary>The ACPI RSDP (or a copy of it the loader made).</summary>
    public ulong RsdpAddress;

    /// <summary>The memory map: entries of base (8 bytes), length (8), type (4, 1 = RAM), each <see cref="MemoryMapEntrySize"/> bytes.</summary>
    public ulong MemoryMapAddress;

    /// <summary>Number of memory map entries.</summary>
    public uint MemoryMapEntries;

    /// <summary>Bytes from one memory map entry to the next.</summary>
    public uint MemoryMapEntrySize;
}
