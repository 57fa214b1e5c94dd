using Hpc.Kernel.Metal.Linux.Memory;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// Checks on addresses a program passes: a range is usable when it lies in the kernel's identity map of the low
/// 4 GiB (the program's image and brk area; page 0 excluded) or in the program's mappings with some access
/// (<see cref="ProgramAddressSpace"/>; pages not backed yet are backed when the kernel touches them).
/// </summary>
internal static class UserPointer
{
    /// <summary>End of the identity map.</summary>
    private const ulong MappedEnd = 1UL << 32;

    /// <summary>True when [<paramref name="address"/>, +<paramref name="length"/>) may be read and written by the kernel for the program.</summary>
    public static bool IsValid(ulong address, ulong length) =>
        (address >= 4096 && length <= MappedEnd && address <= MappedEnd - length) || ProgramAddressSpace.IsAccessible(address, length);
}
