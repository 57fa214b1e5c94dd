namespace Hpc.Mpi.Collectives;

/// <summary>The allreduce algorithms of a commutative operation.</summary>
internal enum AllreduceAlgorithm
{
    /// <summary>Whole vectors swapped in log2(n) rounds; for small messages.</summary>
    RecursiveDoubling,

    /// <summary>Reduce-scatter by recursive halving, allgather by recursive doubling; for large messages.</summary>
    Rabenseifner,

    /// <summary>Reduce-scatter and allgather around a ring; for large messages on a rank count that is not a power of two.</summary>
    Ring,
}
