namespace Hpc.Kernel.Metal.Boot;

/// <summary>
/// Reads the multiboot2 boot information (GRUB's tags; boot.asm hands over its copy of them): the kernel command
/// line (tag 1), the first module (tag 3), the memory map (tag 6) and the ACPI RSDP copies (tags 14 and 15, the
/// newer one preferred). Every tag is checked against the copy's bounds, so a short or damaged copy yields less
/// information, never a read outside it.
/// </summary>
internal static unsafe class Multiboot2Info
{
    /// <summary>The copy's capacity: boot.asm's MULTIBOOT2_INFO_COPY_SIZE (a larger original is cut there).</summary>
    private const uint CopyCapacity = 32768;

    /// <summary>Tag types (multiboot2 specification, section 3.6).</summary>
    private const uint EndTag = 0, CommandLineTag = 1, ModuleTag = 3, MemoryMapTag = 6, AcpiOldTag = 14, AcpiNewTag = 15;

    /// <summary>What the boot information at <paramref name="info"/> (boot.asm's copy) hands over.</summary>
    public static BootLoaderInfo Describe(byte* info)
    {
        BootLoaderInfo described = default;
        uint total = *(uint*)info;
        uint end = total < CopyCapacity ? total : CopyCapacity;
        bool haveNewRsdp = false;
        uint at = 8;
        while (at + 8 <= end)
        {
            uint type = *(uint*)(info + at), size = *(uint*)(info + at + 4);
            if (type == EndTag || size < 8 || size > end - at)
            {
                break;
            }

            byte* tag = info + at;
            if (type == CommandLineTag && size > 8)
            {
                described.CommandLineAddress = (ulong)(tag + 8);
            }
            else if (type == ModuleTag && size >= 16 && described.ModuleSize == 0)
            {
                uint start = *(uint*)(tag + 8), stop = *(uint*)(tag + 12);
                described.ModuleAddress = start;
                described.ModuleSize = stop > start ? stop - start : 0;
            }
            else if (type == MemoryMapTag && size >= 16)
            {
                uint entrySize = *(uint*)(tag + 8);
                if (entrySize >= 24)
                {
                    described.MemoryMapAddress = (ulong)(tag + 16);
                    described.MemoryMapEntries = (size - 16) / entrySize;
                    described.MemoryMapEntrySize = entrySize;
                }
            }
            else if ((type == AcpiNewTag || (type == AcpiOldTag && !haveNewRsdp)) && size > 8)
            {
                described.RsdpAddress = (ulong)(tag + 8);
                haveNewRsdp = type == AcpiNewTag;
            }

            // Tags start 8-byte aligned.
            at += (size + 7) & ~7u;
        }

        return described;
    }
}
