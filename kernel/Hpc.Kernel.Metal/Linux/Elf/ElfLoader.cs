using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Elf;

/// <summary>
/// Maps a static PIE: one zeroed block of the isle's memory spans every load segment (so .bss is zero), each
/// segment's file bytes are copied to base + its address, and nothing is relocated: the program's own startup
/// (glibc's _dl_relocate_static_pie) applies its relative relocations. The image lies in the identity-mapped RAM
/// (the program's mappings are elsewhere: Linux/Memory/), so the base is where the block lies; every page of it is
/// readable, writable and executable (the 2 MiB pages of the identity map have no finer rights).
/// </summary>
internal static unsafe class ElfLoader
{
    /// <summary>Page size.</summary>
    private const ulong PageSize = 4096;

    /// <summary>Loads <paramref name="image"/>; returns where it went.</summary>
    public static LoadedProgram Load(ElfImage image)
    {
        ulong low = ulong.MaxValue, high = 0, align = PageSize;
        for (int i = 0; i < image.ProgramHeaderCount; i++)
        {
            Elf64ProgramHeader* segment = image.ProgramHeader(i);
            if (segment->Type != Elf64ProgramHeader.TypeLoad)
            {
                continue;
            }

            low = segment->VirtualAddress < low ? segment->VirtualAddress : low;
            ulong end = segment->VirtualAddress + segment->MemorySize;
            high = end > high ? end : high;
            align = segment->Align > align ? segment->Align : align;
        }

        low &= ~(PageSize - 1);
        high = (high + PageSize - 1) & ~(PageSize - 1);
        // A base congruent to the largest segment alignment keeps the program's own layout assumptions (TLS
        // alignment is computed from addresses); the claim is over-sized by that alignment to make room.
        ulong span = high - low;
        ulong block = (ulong)PhysicalMemory.Claim(span + align - PageSize);
        ulong start = (block + align - 1) & ~(align - 1);
        ulong loadBase = start - low;

        var program = new LoadedProgram
        {
            Base = loadBase,
            Entry = loadBase + image.Header->Entry,
            ProgramHeaderSize = image.Header->ProgramHeaderSize,
            ProgramHeaderCount = image.Header->ProgramHeaderCount,
            End = loadBase + high,
        };

        for (int i = 0; i < image.ProgramHeaderCount; i++)
        {
            Elf64ProgramHeader* segment = image.ProgramHeader(i);
            if (segment->Type == Elf64ProgramHeader.TypeProgramHeaders)
            {
                program.ProgramHeaders = loadBase + segment->VirtualAddress;
            }

            if (segment->Type != Elf64ProgramHeader.TypeLoad)
            {
                continue;
            }

            Buffer.MemoryCopy(image.File + segment->Offset, (byte*)(loadBase + segment->VirtualAddress), (long)segment->FileSize, (long)segment->FileSize);
            // The program headers lie in the segment that maps file offset 0 when there is no PT_PHDR.
            ulong headers = image.Header->ProgramHeaderOffset;
            if (program.ProgramHeaders == 0 && headers >= segment->Offset && headers < segment->Offset + segment->FileSize)
            {
                program.ProgramHeaders = loadBase + segment->VirtualAddress + (headers - segment->Offset);
            }
        }

        return program;
    }
}
