using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>MPICH's <c>MPI_Status</c>: five ints (count split in two, source, tag, error).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MpiStatus
{
    /// <summary>Low 32 bits of the byte count (read it through MPI_Get_count).</summary>
    public int CountLow;
    /// <summary>High bits of the count and the cancelled flag.</summary>
    public int CountHighAndCancelled;
    /// <summary>MPI_SOURCE.</summary>
    public int Source;
    /// <summary>MPI_TAG.</summary>
    public int Tag;
    /// <summary>MPI_ERROR (set by the multiple-completion calls).</summary>
    public int Error;
}
