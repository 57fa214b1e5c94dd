using Hpc.Mpi.Collectives;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// Reductions in place (MPI_IN_PLACE): one buffer is both the rank's contribution and, where the result goes, the
/// result, so a code reducing a large array needs no second one.
/// </summary>
public sealed partial class Comm
{
    /// <summary>
    /// Combines <paramref name="buffer"/> of all ranks element-wise and leaves the result in <paramref name="buffer"/>
    /// of every rank (MPI_Allreduce with MPI_IN_PLACE). Every rank passes the same length.
    /// </summary>
    /// <example>
    /// <code>
    /// double[] histogram = CountMine();
    /// world.Allreduce&lt;double&gt;(histogram, Op&lt;double&gt;.Sum); // now the histogram of all ranks, on every rank
    /// </code>
    /// </example>
    public void Allreduce<T>(Span<T> buffer, Op<T> op) where T : unmanaged =>
        Allreduce<T>(buffer, buffer, op); // every algorithm reads a rank's contribution before it writes its result

    /// <summary>
    /// Combines <paramref name="buffer"/> of all ranks element-wise into <paramref name="buffer"/> of
    /// <paramref name="root"/> (MPI_Reduce with MPI_IN_PLACE at the root); the other ranks' buffers are only read.
    /// </summary>
    public void Reduce<T>(Span<T> buffer, Op<T> op, int root) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        CollectiveAlgorithms.Reduce<T>(Transport, buffer, Rank == CheckRoot(root) ? buffer : Span<T>.Empty, op, root, NextCollectiveTag(RankWaitOp.Reduce));
    }

    /// <summary>
    /// Inclusive prefix reduction in place (MPI_Scan with MPI_IN_PLACE): <paramref name="buffer"/> of rank r becomes
    /// buffer(0) op … op buffer(r).
    /// </summary>
    public void Scan<T>(Span<T> buffer, Op<T> op) where T : unmanaged => Scan<T>(buffer, buffer, op);

    /// <summary>
    /// Exclusive prefix reduction in place (MPI_Exscan with MPI_IN_PLACE): <paramref name="buffer"/> of rank r &gt; 0
    /// becomes buffer(0) op … op buffer(r − 1); rank 0's buffer keeps its own contribution (MPI leaves it undefined).
    /// </summary>
    public void Exscan<T>(Span<T> buffer, Op<T> op) where T : unmanaged => Exscan<T>(buffer, buffer, op);
}
