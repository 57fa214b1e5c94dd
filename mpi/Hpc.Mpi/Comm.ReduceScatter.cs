using Hpc.Mpi.Collectives;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>Reduce-scatter: a reduction whose result is left in blocks, one per rank (MPI_Reduce_scatter).</summary>
public sealed partial class Comm
{
    /// <summary>
    /// Combines <paramref name="send"/> of all ranks element-wise and leaves block r of the result, of
    /// <paramref name="receive"/>'s length, in <paramref name="receive"/> of rank r (MPI_Reduce_scatter_block):
    /// <paramref name="send"/> holds <see cref="Size"/> blocks of that length. Non-commutative operations combine in
    /// rank order.
    /// </summary>
    /// <example>
    /// <code>
    /// // Each rank holds a contribution to all n·Size rows; each rank ends with the sum of its own n rows.
    /// world.ReduceScatterBlock&lt;double&gt;(contributions, myRows, Op&lt;double&gt;.Sum);
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException"><paramref name="send"/> is not <see cref="Size"/> times <paramref name="receive"/>.</exception>
    public void ReduceScatterBlock<T>(ReadOnlySpan<T> send, Span<T> receive, Op<T> op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        SameLength((long)receive.Length * Size, send.Length, nameof(send));
        using var counts = new RentedBuffer<int>(Size);
        counts.Span.Fill(receive.Length);
        CollectiveAlgorithms.ReduceScatter(Transport, send, receive, counts.Span, op, NextCollectiveTag(RankWaitOp.Reduce));
    }

    /// <summary>
    /// Combines <paramref name="send"/> of all ranks element-wise and leaves block r of the result,
    /// <paramref name="counts"/>[r] elements long, in <paramref name="receive"/> of rank r (MPI_Reduce_scatter); the
    /// blocks lie one after the other in <paramref name="send"/>, whose length is the sum of the counts. Every rank
    /// passes the same counts. Non-commutative operations combine in rank order.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="counts"/> has not one entry per rank, a count is negative, or the buffers do not fit them.
    /// </exception>
    public void ReduceScatter<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, Op<T> op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        if (counts.Length != Size)
        {
            throw new ArgumentException($"counts needs one entry per rank ({Size}), not {counts.Length}", nameof(counts));
        }

        long total = 0;
        foreach (int count in counts)
        {
            total += count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(counts), count, "a count must be 0 or more");
        }

        SameLength(total, send.Length, nameof(send));
        SameLength(counts[Rank], receive.Length, nameof(receive));
        CollectiveAlgorithms.ReduceScatter(Transport, send, receive, counts, op, NextCollectiveTag(RankWaitOp.Reduce));
    }
}
