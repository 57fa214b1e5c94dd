using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>PCI configuration space through ports 0xCF8/0xCFC (mechanism 1), and the ivshmem device's shared memory.</summary>
internal static class Pci
{
    /// <summary>Red Hat / QEMU vendor id.</summary>
    private const int RedHatVendor = 0x1AF4;
    /// <summary>ivshmem device id.</summary>
    private const int IvshmemDevice = 0x1110;

    /// <summary>Reads a 32-bit configuration word.</summary>
    public static uint Read(int bus, int device, int function, int offset)
    {
        Cpu.OutDword(0xCF8, 0x80000000u | (uint)(bus << 16) | (uint)(device << 11) | (uint)(function << 8) | (uint)(offset & 0xFC));
        return Cpu.InDword(0xCFC);
    }

    /// <summary>Writes a 32-bit configuration word.</summary>
    public static void Write(int bus, int device, int function, int offset, uint value)
    {
        Cpu.OutDword(0xCF8, 0x80000000u | (uint)(bus << 16) | (uint)(device << 11) | (uint)(function << 8) | (uint)(offset & 0xFC));
        Cpu.OutDword(0xCFC, value);
    }

    /// <summary>
    /// Finds the first ivshmem device on bus 0 and returns its shared memory (BAR2, assigned by the firmware below
    /// 4 GiB) and size, or 0 when there is none.
    /// </summary>
    public static ulong FindIvshmem(out ulong size)
    {
        size = 0;
        for (int device = 0; device < 32; device++)
        {
            uint id = Read(0, device, 0, 0);
            if ((id & 0xFFFF) != RedHatVendor || (id >> 16) != IvshmemDevice)
            {
                continue;
            }

            const int bar2 = 0x18;
            uint low = Read(0, device, 0, bar2);
            bool is64 = (low & 0x6) == 0x4;
            uint high = is64 ? Read(0, device, 0, bar2 + 4) : 0;
            ulong address = ((ulong)high << 32) | (low & ~0xFUL);

            // Size: write all ones, read back the mask, restore.
            Write(0, device, 0, bar2, 0xFFFFFFFF);
            uint mask = Read(0, device, 0, bar2) & ~0xFu;
            Write(0, device, 0, bar2, low);
            ulong sizeMask = mask;
            if (is64)
            {
                Write(0, device, 0, bar2 + 4, 0xFFFFFFFF);
                uint maskHigh = Read(0, device, 0, bar2 + 4);
                Write(0, device, 0, bar2 + 4, high);
                sizeMask |= (ulong)maskHigh << 32;
            }
            else
            {
                sizeMask |= 0xFFFFFFFF00000000;
            }

            size = ~sizeMask + 1;

            // Memory decoding on.
            uint command = Read(0, device, 0, 4);
            Write(0, device, 0, 4, command | 0x2);
            return address;
        }

        return 0;
    }
}
