namespace Hpc.Kernel.Metal.Drivers;

/// <summary>
/// Finds the MADT through the RSDP (from the PVH start info, else the BIOS area scan) and lists the enabled cpus'
/// APIC ids from its local APIC and x2APIC entries.
/// </summary>
internal static unsafe class Acpi
{
    /// <summary>Reads the MADT; returns the number of cpus written to <paramref name="apicIds"/> (0 when no MADT).</summary>
    public static int ReadCpus(ulong rsdpAddress, int* apicIds, int capacity)
    {
        byte* rsdp = rsdpAddress != 0 ? (byte*)rsdpAddress : ScanForRsdp();
        if (rsdp == null)
        {
            return 0;
        }

        byte* madt = FindTable(rsdp, 0x43495041); // "APIC"
        if (madt == null)
        {
            return 0;
        }

        uint length = *(uint*)(madt + 4);
        int count = 0;
        for (byte* entry = madt + 44; entry + 2 <= madt + length && count < capacity; entry += entry[1])
        {
            if (entry[1] < 2)
            {
                break;
            }

            if (entry[0] == 0 && (*(uint*)(entry + 4) & 3) != 0)
            {
                apicIds[count++] = entry[3];
            }
            else if (entry[0] == 9 && (*(uint*)(entry + 8) & 3) != 0)
            {
                apicIds[count++] = (int)*(uint*)(entry + 4);
            }
        }

        return count;
    }

    /// <summary>Looks for "RSD PTR " on 16-byte boundaries of the BIOS area.</summary>
    private static byte* ScanForRsdp()
    {
        for (ulong address = 0xE0000; address < 0x100000; address += 16)
        {
            if (*(ulong*)address == 0x2052545020445352)
            {
                return (byte*)address;
            }
        }

        return null;
    }

    /// <summary>Finds a table by signature in the XSDT (ACPI 2+) or RSDT.</summary>
    private static byte* FindTable(byte* rsdp, uint signature)
    {
        bool extended = rsdp[15] >= 2 && *(ulong*)(rsdp + 24) != 0;
        byte* root = extended ? (byte*)*(ulong*)(rsdp + 24) : (byte*)(ulong)*(uint*)(rsdp + 16);
        uint length = *(uint*)(root + 4);
        int entrySize = extended ? 8 : 4;
        for (byte* entry = root + 36; entry + entrySize <= root + length; entry += entrySize)
        {
            byte* table = extended ? (byte*)*(ulong*)entry : (byte*)(ulong)*(uint*)entry;
            if (*(uint*)table == signature)
            {
                return table;
            }
        }

        return null;
    }
}
