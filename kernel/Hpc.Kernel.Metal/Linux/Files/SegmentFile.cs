namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The node segment (the ivshmem BAR, identity-mapped below 4 GiB) as a file the program maps. A hosted rank process
/// inherits a descriptor of the segment and finds it named in <c>HPC_RANK_PROCESS=RANK,FD</c>; the kernel opens
/// <see cref="Descriptor"/> on the segment before the program starts and sets the same variable, so Hpc.Kernel and
/// Hpc.Mpi attach the same way on both targets. mmap of it returns the BAR's address (one address space: no page
/// tables to make), lseek to its end gives its size; munmap and madvise leave the shared pages alone.
/// </summary>
internal static class SegmentFile
{
    /// <summary>The descriptor the program finds the segment at (the first after the standard streams).</summary>
    public const ulong Descriptor = 3;

    /// <summary>The BAR's address (0 without a segment).</summary>
    public static ulong Address { get; private set; }

    /// <summary>The BAR's size in bytes.</summary>
    public static ulong Size { get; private set; }

    /// <summary>Records the segment the proxy channel attached to.</summary>
    public static void Setup(ulong address, ulong size)
    {
        Address = address;
        Size = size;
    }

    /// <summary>True when [<paramref name="address"/>, +<paramref name="length"/>) touches the segment.</summary>
    public static bool Overlaps(ulong address, ulong length) =>
        Address != 0 && address < Address + Size && address + length > Address;

    /// <summary>True when the word at <paramref name="address"/> lies in the segment (other VMs write it).</summary>
    public static bool Contains(ulong address) => Address != 0 && address >= Address && address < Address + Size;
}
