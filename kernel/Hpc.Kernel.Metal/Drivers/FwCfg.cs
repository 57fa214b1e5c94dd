using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>
/// QEMU's firmware configuration device (fw_cfg, I/O ports 0x510 and 0x511): named files given to QEMU with
/// <c>-fw_cfg name=opt/…,file=…</c>. The proxy hands a metal isle its job's environment this way: the kernel command
/// line splits at spaces and is visible to everyone in <c>ps</c>. On a machine without the device (a real one, booted
/// from the ISO) the signature does not match and there are no files.
/// </summary>
internal static unsafe class FwCfg
{
    /// <summary>Port the item key is written to.</summary>
    private const int SelectorPort = 0x510;
    /// <summary>Port the selected item's bytes are read from, one at a time.</summary>
    private const int DataPort = 0x511;
    /// <summary>Item holding "QEMU".</summary>
    private const int SignatureKey = 0x0000;
    /// <summary>Item listing the named files.</summary>
    private const int FileDirectoryKey = 0x0019;
    /// <summary>Bytes of a file name in the directory.</summary>
    private const int NameLength = 56;

    /// <summary>
    /// The bytes of file <paramref name="name"/> (in memory claimed for good), or null when the device or the file is
    /// missing; <paramref name="size"/> gets its length.
    /// </summary>
    public static byte* ReadFile(string name, out int size)
    {
        size = 0;
        Cpu.OutWord(SelectorPort, SignatureKey);
        if (Cpu.InByte(DataPort) != 'Q' || Cpu.InByte(DataPort) != 'E' || Cpu.InByte(DataPort) != 'M' || Cpu.InByte(DataPort) != 'U')
        {
            return null;
        }

        Cpu.OutWord(SelectorPort, FileDirectoryKey);
        uint count = ReadBigEndian(4);
        int found = -1;
        uint foundSize = 0;
        for (uint entry = 0; entry < count; entry++)
        {
            // Entry: size (u32), key (u16), reserved (u16), name (56 bytes, NUL-padded); big-endian numbers.
            uint entrySize = ReadBigEndian(4);
            int key = (int)ReadBigEndian(2);
            _ = ReadBigEndian(2);
            bool same = true;
            for (int i = 0; i < NameLength; i++)
            {
                int c = Cpu.InByte(DataPort);
                int expected = i < name.Length ? name[i] : 0;
                same &= c == expected;
            }

            if (same && found < 0)
            {
                found = key;
                foundSize = entrySize;
            }
        }

        if (found < 0 || foundSize > 1 << 20)
        {
            return null;
        }

        byte* bytes = PhysicalMemory.Claim(foundSize + 1);
        Cpu.OutWord(SelectorPort, found);
        for (uint i = 0; i < foundSize; i++)
        {
            bytes[i] = (byte)Cpu.InByte(DataPort);
        }

        bytes[foundSize] = 0;
        size = (int)foundSize;
        return bytes;
    }

    /// <summary>A big-endian number of <paramref name="bytes"/> bytes from the data port.</summary>
    private static uint ReadBigEndian(int bytes)
    {
        uint value = 0;
        for (int i = 0; i < bytes; i++)
        {
            value = (value << 8) | (uint)Cpu.InByte(DataPort);
        }

        return value;
    }
}
