using Hpc.Mpi.Collectives;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// Collective operations. Every rank of the communicator must call the same collectives in the same order with
/// matching counts; the algorithm is chosen by message size and rank count, and is hierarchical (within each isle,
/// then between isles) where ranks share isles.
/// </summary>
public sealed partial class Comm
{
    /// <summary>Waits until every rank of the communicator has called it (MPI_Barrier).</summary>
    public void Barrier()
    {
        int tag = NextCollectiveTag(RankWaitOp.Barrier);
        IsleStage stage = _isleStage ??= IsleStage.Of(this);
        if (stage.Barrier is { } shared)
        {
            shared.Arrive(Engine, stage.Index, _context + 1, stage.Leaders, tag);
            return;
        }

        CollectiveAlgorithms.Barrier(Transport, tag);
    }

    /// <summary>Copies <paramref name="buffer"/> of <paramref name="root"/> into the same buffer of every rank.</summary>
    public void Bcast<T>(Span<T> buffer, int root) where T : unmanaged =>
        CollectiveAlgorithms.Bcast(Transport, buffer, CheckRoot(root), NextCollectiveTag(RankWaitOp.Bcast));

    /// <summary>Returns <paramref name="value"/> of <paramref name="root"/> on every rank.</summary>
    public T Bcast<T>(T value, int root) where T : unmanaged
    {
        Bcast(new Span<T>(ref value), root);
        return value;
    }

    /// <summary>Combines <paramref name="send"/> of all ranks element-wise into <paramref name="receive"/> of <paramref name="root"/>.</summary>
    public void Reduce<T>(ReadOnlySpan<T> send, Span<T> receive, Op<T> op, int root) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        if (Rank == CheckRoot(root))
        {
            SameLength(send.Length, receive.Length, nameof(receive));
        }

        CollectiveAlgorithms.Reduce(Transport, send, receive, op, root, NextCollectiveTag(RankWaitOp.Reduce));
    }

    /// <summary>Combines one value of every rank; the result at <paramref name="root"/>, default elsewhere.</summary>
    public T Reduce<T>(T value, Op<T> op, int root) where T : unmanaged
    {
        T result = default;
        Reduce(new ReadOnlySpan<T>(in value), new Span<T>(ref result), op, root);
        return Rank == root ? result : default;
    }

    /// <summary>Combines <paramref name="send"/> of all ranks element-wise into <paramref name="receive"/> of every rank.</summary>
    public void Allreduce<T>(ReadOnlySpan<T> send, Span<T> receive, Op<T> op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        SameLength(send.Length, receive.Length, nameof(receive));
        int tag = NextCollectiveTag(RankWaitOp.Allreduce);
        IsleStage stage = _isleStage ??= IsleStage.Of(this);
        if (stage.Barrier is { } shared && op.IsCommutative && IsleBarrier.CarriesAllreduce((long)send.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()))
        {
            shared.Allreduce(Engine, stage.Index, _context + 1, stage.Leaders, tag, send, receive, op);
            return;
        }

        CollectiveAlgorithms.Allreduce(Transport, send, receive, op, tag);
    }

    /// <summary>Combines one value of every rank and returns the result on every rank.</summary>
    public T Allreduce<T>(T value, Op<T> op) where T : unmanaged
    {
        T result = default;
        Allreduce(new ReadOnlySpan<T>(in value), new Span<T>(ref result), op);
        return result;
    }

    /// <summary>Collects every rank's <paramref name="send"/> at <paramref name="root"/>, in rank order.</summary>
    public void Gather<T>(ReadOnlySpan<T> send, Span<T> receive, int root) where T : unmanaged
    {
        if (Rank == CheckRoot(root))
        {
            SameLength((long)send.Length * Size, receive.Length, nameof(receive));
        }

        CollectiveAlgorithms.Gather(Transport, send, receive, root, NextCollectiveTag(RankWaitOp.Gather));
    }

    /// <summary>Collects one value of every rank: the array at <paramref name="root"/>, empty elsewhere.</summary>
    public T[] Gather<T>(T value, int root) where T : unmanaged
    {
        T[] all = Rank == CheckRoot(root) ? new T[Size] : [];
        Gather(new ReadOnlySpan<T>(in value), all, root);
        return all;
    }

    /// <summary>Collects blocks of different sizes at <paramref name="root"/> (counts and displacements in elements).</summary>
    public void Gatherv<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int root)
        where T : unmanaged
    {
        if (Rank == CheckRoot(root))
        {
            CheckBlocks(counts, displacements, receive.Length);
        }

        CollectiveAlgorithms.Gatherv(Transport, send, receive, counts, displacements, root, NextCollectiveTag(RankWaitOp.Gatherv));
    }

    /// <summary>Hands block r of <paramref name="send"/> at <paramref name="root"/> to rank r.</summary>
    public void Scatter<T>(ReadOnlySpan<T> send, Span<T> receive, int root) where T : unmanaged
    {
        if (Rank == CheckRoot(root))
        {
            SameLength((long)receive.Length * Size, send.Length, nameof(send));
        }

        CollectiveAlgorithms.Scatter(Transport, send, receive, root, NextCollectiveTag(RankWaitOp.Scatter));
    }

    /// <summary>Hands value r of <paramref name="values"/> (read at <paramref name="root"/> only) to rank r.</summary>
    public T Scatter<T>(T[]? values, int root) where T : unmanaged
    {
        T mine = default;
        Scatter(Rank == CheckRoot(root) ? values ?? throw new ArgumentNullException(nameof(values)) : [], new Span<T>(ref mine), root);
        return mine;
    }

    /// <summary>Hands blocks of different sizes from <paramref name="root"/> (counts and displacements in elements).</summary>
    public void Scatterv<T>(ReadOnlySpan<T> send, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, Span<T> receive, int root)
        where T : unmanaged
    {
        if (Rank == CheckRoot(root))
        {
            CheckBlocks(counts, displacements, send.Length);
        }

        CollectiveAlgorithms.Scatterv(Transport, send, counts, displacements, receive, root, NextCollectiveTag(RankWaitOp.Scatterv));
    }

    /// <summary>Collects every rank's <paramref name="send"/> on every rank, in rank order.</summary>
    public void Allgather<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        SameLength((long)send.Length * Size, receive.Length, nameof(receive));
        CollectiveAlgorithms.Allgather(Transport, send, receive, NextCollectiveTag(RankWaitOp.Allgather));
    }

    /// <summary>Collects one value of every rank on every rank.</summary>
    public T[] Allgather<T>(T value) where T : unmanaged
    {
        var all = new T[Size];
        Allgather(new ReadOnlySpan<T>(in value), all);
        return all;
    }

    /// <summary>Collects blocks of different sizes on every rank (counts and displacements in elements).</summary>
    public void Allgatherv<T>(ReadOnlySpan<T> send, Span<T> receive, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements)
        where T : unmanaged
    {
        CheckBlocks(counts, displacements, receive.Length);
        CollectiveAlgorithms.Allgatherv(Transport, send, receive, counts, displacements, NextCollectiveTag(RankWaitOp.Allgatherv));
    }

    /// <summary>Sends block r of <paramref name="send"/> to rank r and receives block r of <paramref name="receive"/> from rank r.</summary>
    public void Alltoall<T>(ReadOnlySpan<T> send, Span<T> receive) where T : unmanaged
    {
        SameLength(send.Length, receive.Length, nameof(receive));
        if (send.Length % Size != 0)
        {
            throw new ArgumentException($"Alltoall needs a multiple of {Size} elements, not {send.Length}", nameof(send));
        }

        CollectiveAlgorithms.Alltoall(Transport, send, receive, NextCollectiveTag(RankWaitOp.Alltoall));
    }

    /// <summary>Alltoall with blocks of different sizes (counts and displacements in elements).</summary>
    public void Alltoallv<T>(
        ReadOnlySpan<T> send, ReadOnlySpan<int> sendCounts, ReadOnlySpan<int> sendDisplacements,
        Span<T> receive, ReadOnlySpan<int> receiveCounts, ReadOnlySpan<int> receiveDisplacements) where T : unmanaged
    {
        CheckBlocks(sendCounts, sendDisplacements, send.Length);
        CheckBlocks(receiveCounts, receiveDisplacements, receive.Length);
        CollectiveAlgorithms.Alltoallv(Transport, send, sendCounts, sendDisplacements, receive, receiveCounts, receiveDisplacements, NextCollectiveTag(RankWaitOp.Alltoallv));
    }

    /// <summary>Inclusive prefix reduction: rank r gets send(0) op … op send(r).</summary>
    public void Scan<T>(ReadOnlySpan<T> send, Span<T> receive, Op<T> op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        SameLength(send.Length, receive.Length, nameof(receive));
        CollectiveAlgorithms.Scan(Transport, send, receive, op, NextCollectiveTag(RankWaitOp.Scan));
    }

    /// <summary>Inclusive prefix reduction of one value.</summary>
    public T Scan<T>(T value, Op<T> op) where T : unmanaged
    {
        T result = default;
        Scan(new ReadOnlySpan<T>(in value), new Span<T>(ref result), op);
        return result;
    }

    /// <summary>Exclusive prefix reduction: rank r gets send(0) op … op send(r-1); rank 0's receive is left as it was.</summary>
    public void Exscan<T>(ReadOnlySpan<T> send, Span<T> receive, Op<T> op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        SameLength(send.Length, receive.Length, nameof(receive));
        CollectiveAlgorithms.Exscan(Transport, send, receive, op, NextCollectiveTag(RankWaitOp.Exscan));
    }

    /// <summary>Exclusive prefix reduction of one value (rank 0 gets default).</summary>
    public T Exscan<T>(T value, Op<T> op) where T : unmanaged
    {
        T result = default;
        Exscan(new ReadOnlySpan<T>(in value), new Span<T>(ref result), op);
        return result;
    }

    /// <summary>
    /// The first tag of the next collective call (each call reserves its own block of tags); also names the call, for
    /// the wait record of a rank blocked in it.
    /// </summary>
    private int NextCollectiveTag(RankWaitOp collective)
    {
        Transport.Collective = collective;
        return (_collectiveSequence++ & 0x0FFF_FFFF) * CollectiveTags.Count;
    }

    /// <summary>Checks a root rank.</summary>
    private int CheckRoot(int root) =>
        (uint)root < (uint)Size ? root : throw new ArgumentOutOfRangeException(nameof(root), root, $"not a rank of this communicator of {Size}");

    /// <summary>Checks a buffer has the length a collective needs.</summary>
    private static void SameLength(long expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"the buffer needs {expected} elements, not {actual}", name);
        }
    }

    /// <summary>Checks per-rank counts and displacements against a buffer.</summary>
    private void CheckBlocks(ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int length)
    {
        if (counts.Length != Size || displacements.Length != Size)
        {
            throw new ArgumentException($"counts and displacements need one entry per rank ({Size})");
        }

        for (int r = 0; r < Size; r++)
        {
            if (counts[r] < 0 || displacements[r] < 0 || (long)displacements[r] + counts[r] > length)
            {
                throw new ArgumentOutOfRangeException(nameof(counts), $"block {r} ({counts[r]} at {displacements[r]}) does not fit a buffer of {length}");
            }
        }
    }
}
