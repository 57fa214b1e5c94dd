namespace Hpc.Mpi;

/// <summary>How two communicators relate (the answers of MPI_Comm_compare).</summary>
public enum CommComparison
{
    /// <summary>The same communicator (MPI_IDENT).</summary>
    Identical,

    /// <summary>The same ranks in the same order, with separate message spaces (MPI_CONGRUENT), as after <see cref="Comm.Dup"/>.</summary>
    Congruent,

    /// <summary>The same ranks in another order (MPI_SIMILAR).</summary>
    Similar,

    /// <summary>Different ranks (MPI_UNEQUAL).</summary>
    Unequal,
}
