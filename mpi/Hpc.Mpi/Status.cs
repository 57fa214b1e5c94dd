namespace Hpc.Mpi;

/// <summary>What a completed receive or a probe found: who sent the message, with which tag, and how big it is.</summary>
/// <param name="Source">The sender's rank in the communicator.</param>
/// <param name="Tag">The message's tag.</param>
/// <param name="Bytes">The message's size in bytes.</param>
public readonly record struct Status(int Source, int Tag, long Bytes)
{
    /// <summary>The message's size in elements of <typeparamref name="T"/> (MPI_Get_count).</summary>
    public unsafe int Count<T>() where T : unmanaged => checked((int)(Bytes / sizeof(T)));
}
