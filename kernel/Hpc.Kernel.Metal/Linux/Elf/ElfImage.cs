namespace Hpc.Kernel.Metal.Linux.Elf;

/// <summary>
/// A Linux x86-64 executable as it lies in memory (the boot module), checked: ELF64, little-endian, x86-64, a
/// position-independent executable without an interpreter (a static PIE), every program header inside the file.
/// </summary>
internal readonly unsafe struct ElfImage
{
    /// <summary>The file's first byte.</summary>
    public readonly byte* File;
    /// <summary>The file's size.</summary>
    public readonly ulong Size;

    /// <summary>Wraps a file already checked by <see cref="TryOpen"/>.</summary>
    private ElfImage(byte* file, ulong size)
    {
        File = file;
        Size = size;
    }

    /// <summary>The file header.</summary>
    public Elf64Header* Header => (Elf64Header*)File;

    /// <summary>Number of program headers.</summary>
    public int ProgramHeaderCount => Header->ProgramHeaderCount;

    /// <summary>Program header <paramref name="index"/>.</summary>
    public Elf64ProgramHeader* ProgramHeader(int index) =>
        (Elf64ProgramHeader*)(File + Header->ProgramHeaderOffset + (ulong)index * Header->ProgramHeaderSize);

    /// <summary>Checks <paramref name="file"/>; on failure <paramref name="error"/> says why in one phrase.</summary>
    public static bool TryOpen(byte* file, ulong size, out ElfImage image, out string error)
    {
        image = default;
        Elf64Header* header = (Elf64Header*)file;
        if (size < (ulong)sizeof(Elf64Header) || header->Ident[0] != 0x7F || header->Ident[1] != (byte)'E' || header->Ident[2] != (byte)'L' || header->Ident[3] != (byte)'F')
        {
            error = "not an ELF file";
            return false;
        }

        // Class 2 = 64-bit, data 1 = little-endian.
        if (header->Ident[4] != 2 || header->Ident[5] != 1 || header->Machine != Elf64Header.MachineX86_64)
        {
            error = "not an x86-64 ELF64 file";
            return false;
        }

        if (header->Type != Elf64Header.TypeDynamic)
        {
            error = header->Type == Elf64Header.TypeExecutable
                ? "a fixed-address executable; link it as a static PIE (gcc -static-pie)"
                : "not an executable";
            return false;
        }

        ulong tableEnd = header->ProgramHeaderOffset + (ulong)header->ProgramHeaderCount * header->ProgramHeaderSize;
        if (header->ProgramHeaderSize < (ulong)sizeof(Elf64ProgramHeader) || header->ProgramHeaderOffset > size || tableEnd > size)
        {
            error = "program headers outside the file";
            return false;
        }

        image = new ElfImage(file, size);
        for (int i = 0; i < image.ProgramHeaderCount; i++)
        {
            Elf64ProgramHeader* segment = image.ProgramHeader(i);
            if (segment->Type == Elf64ProgramHeader.TypeInterpreter)
            {
                error = "dynamically linked (it names an interpreter); link it as a static PIE (gcc -static-pie)";
                return false;
            }

            if (segment->Type == Elf64ProgramHeader.TypeLoad &&
                (segment->FileSize > segment->MemorySize || segment->Offset > size || segment->FileSize > size - segment->Offset))
            {
                error = "a load segment lies outside the file";
                return false;
            }
        }

        error = "";
        return true;
    }
}
