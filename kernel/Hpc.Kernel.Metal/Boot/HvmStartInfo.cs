using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Boot;

/// <summary>What the PVH loader hands the kernel (Xen's hvm_start_info, version 1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HvmStartInfo
{
    /// <summary>0x336ec578.</summary>
    public uint Magic;
    /// <summary>Version (1 has the memory map).</summary>
    public uint Version;
    /// <summary>Flags.</summary>
    public uint Flags;
    /// <summary>Number of modules.</summary>
    public uint ModuleCount;
    /// <summary>Module list.</summary>
    public ulong ModuleListAddress;
    /// <summary>The kernel command line (NUL-terminated ASCII).</summary>
    public ulong CommandLineAddress;
    /// <summary>The ACPI RSDP.</summary>
    public ulong RsdpAddress;
    /// <summary>The memory map (E820-like entries of 24 bytes).</summary>
    public ulong MemoryMapAddress;
    /// <summary>Number of memory map entries.</summary>
    public uint MemoryMapEntries;
    /// <summary>Reserved.</summary>
    public uint Reserved;

    /// <summary>
    /// What <paramref name="info"/> hands over; reads the module list, which lies in low memory the loader owns, so
    /// call it before page 0 goes and memory is handed out.
    /// </summary>
    public static unsafe BootLoaderInfo Describe(HvmStartInfo* info)
    {
        BootLoaderInfo described = default;
        described.CommandLineAddress = info->CommandLineAddress;
        described.RsdpAddress = info->RsdpAddress;
        if (info->ModuleCount > 0 && info->ModuleListAddress != 0)
        {
            HvmModule* module = (HvmModule*)info->ModuleListAddress;
            described.ModuleAddress = module->Address;
            described.ModuleSize = module->Size;
        }

        // Version 0 has no memory map fields.
        if (info->Version >= 1 && info->MemoryMapAddress != 0)
        {
            described.MemoryMapAddress = info->MemoryMapAddress;
            described.MemoryMapEntries = info->MemoryMapEntries;
            described.MemoryMapEntrySize = 24;
        }

        return described;
    }
}
