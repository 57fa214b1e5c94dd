namespace Hpc.Mpi;

/// <summary>A message was longer than the buffer of the receive it matched (MPI's MPI_ERR_TRUNCATE); nothing was copied.</summary>
public sealed class MessageTruncatedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MessageTruncatedException(string message)
        : base(message)
    {
    }
}
