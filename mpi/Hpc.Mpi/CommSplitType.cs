namespace Hpc.Mpi;

/// <summary>What <see cref="Comm.SplitType"/> groups ranks by.</summary>
public enum CommSplitType
{
    /// <summary>
    /// Ranks that share memory (MPI_COMM_TYPE_SHARED): the ranks of one node, which all map the node's segment.
    /// </summary>
    Shared,

    /// <summary>Ranks of one isle: threads of one process (a hosted isle) on one core group.</summary>
    Isle,
}
