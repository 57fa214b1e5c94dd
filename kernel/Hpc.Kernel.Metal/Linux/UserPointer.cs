namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// Checks on addresses a program passes. The program shares the kernel's identity map (low 4 GiB, page 0
/// unmapped), so a range is usable when it lies inside that map; ownership is not checked in this step.
/// </summary>
internal static class UserPointer
{
    /// <summary>End of the identity map.</summary>
    private const ulong MappedEnd = 1UL << 32;

    /// <summary>True when [<paramref name="address"/>, +<paramref name="length"/>) is mapped and not in page 0.</summary>
    public static bool IsValid(ulong address, ulong length) =>
        address >= 4096 && length <= MappedEnd && address <= MappedEnd - length;
}
