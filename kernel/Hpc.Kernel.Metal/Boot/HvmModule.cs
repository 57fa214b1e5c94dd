using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Boot;

/// <summary>One entry of hvm_start_info's module list (QEMU puts its <c>-initrd</c> file here for a PVH boot).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HvmModule
{
    /// <summary>Physical address of the module's bytes.</summary>
    public ulong Address;
    /// <summary>Its size in bytes.</summary>
    public ulong Size;
    /// <summary>Its command line, or 0.</summary>
    public ulong CommandLineAddress;
    /// <summary>Reserved.</summary>
    public ulong Reserved;
}
