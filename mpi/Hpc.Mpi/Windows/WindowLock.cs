namespace Hpc.Mpi;

/// <summary>How <see cref="SharedWindow{T}.Lock"/> locks a rank's part of a window (MPI_LOCK_EXCLUSIVE, MPI_LOCK_SHARED).</summary>
public enum WindowLock
{
    /// <summary>No other rank holds the part locked while this one does: for writes.</summary>
    Exclusive,

    /// <summary>Other ranks may hold shared locks at the same time, no one an exclusive one: for reads.</summary>
    Shared,
}
