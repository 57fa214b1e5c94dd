using System.Numerics;
using System.Runtime.CompilerServices;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// Non-blocking collectives (MPI_Ibarrier, MPI_Ibcast, MPI_Ireduce, MPI_Iallreduce, MPI_Iallgather, MPI_Ialltoall): each returns a <see cref="Request"/> at once
/// and moves on whenever the rank progresses (any Wait, Test, probe or blocking call), so communication overlaps the
/// computation between those calls. Every rank must start the same collectives in the same order, as for the
/// blocking ones; buffers must not be touched until the request completed.
/// </summary>
/// <example>
/// <code>
/// Request sum = world.Iallreduce&lt;double&gt;(partial, total, Op&lt;double&gt;.Sum);
/// DoIndependentWork();
/// while (!sum.Test(out _)) DoMoreWork();
/// </code>
/// </example>
public sealed partial class Comm
{
    /// <summary>
    /// Starts a barrier (MPI_Ibarrier): the request completes once every rank of the communicator has started it.
    /// Dissemination: ⌈log2 size⌉ rounds of one empty message out and one in.
    /// </summary>
    public Request Ibarrier()
    {
        int tag = NextCollectiveTag(RankWaitOp.Barrier);
        var collective = new CollectiveOperation(_context + 1);
        for (int distance = 1; distance < Size; distance <<= 1)
        {
            collective.NextStep();
            unsafe
            {
                collective.Send(_members[(Rank + distance) % Size], null, 0, tag);
                collective.Receive(_members[(Rank - distance + Size) % Size], null, 0, tag);
            }
        }

        return StartCollective(collective);
    }

    /// <summary>
    /// Starts a broadcast of <paramref name="buffer"/> of <paramref name="root"/> into the same buffer of every rank
    /// (MPI_Ibcast). Binomial tree: a rank receives from its parent, then sends to its children all at once.
    /// </summary>
    public unsafe Request Ibcast<T>(Memory<T> buffer, int root) where T : unmanaged
    {
        int tag = NextCollectiveTag(RankWaitOp.Bcast);
        var collective = new CollectiveOperation(_context + 1);
        System.Buffers.MemoryHandle pin = buffer.Pin();
        collective.Keep(pin);
        int relative = (Rank - CheckRoot(root) + Size) % Size;
        BroadcastSteps(collective, (byte*)pin.Pointer, (long)buffer.Length * sizeof(T), relative, root, tag);
        return StartCollective(collective);
    }

    /// <summary>
    /// Starts combining <paramref name="send"/> of all ranks element-wise into <paramref name="receive"/> of every
    /// rank (MPI_Iallreduce); <paramref name="send"/> may be the same memory as <paramref name="receive"/> (in place).
    /// A binomial tree reduces to rank 0 (in rank order, so non-commutative operations work) and a binomial tree
    /// broadcasts the result; the reductions run inside the progress calls.
    /// </summary>
    public unsafe Request Iallreduce<T>(ReadOnlyMemory<T> send, Memory<T> receive, Op<T> op) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        SameLength(send.Length, receive.Length, nameof(receive));
        int tag = NextCollectiveTag(RankWaitOp.Allreduce);
        send.Span.CopyTo(receive.Span); // the rank's own contribution is the accumulator's start
        var collective = new CollectiveOperation(_context + 1);
        System.Buffers.MemoryHandle pin = receive.Pin();
        collective.Keep(pin);
        byte* result = (byte*)pin.Pointer;
        long bytes = (long)receive.Length * sizeof(T);
        ReduceToZeroSteps(collective, receive, result, op, tag);
        BroadcastSteps(collective, result, bytes, Rank, root: 0, tag + 1);
        return StartCollective(collective);
    }

    /// <summary>
    /// Starts combining <paramref name="send"/> of all ranks element-wise into <paramref name="receive"/> of
    /// <paramref name="root"/> (MPI_Ireduce); other ranks' <paramref name="receive"/> is not touched (it may be empty).
    /// A binomial tree reduces to rank 0 in rank order, which hands the result to the root.
    /// </summary>
    public unsafe Request Ireduce<T>(ReadOnlyMemory<T> send, Memory<T> receive, Op<T> op, int root) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(op);
        if (Rank == CheckRoot(root))
        {
            SameLength(send.Length, receive.Length, nameof(receive));
        }

        int tag = NextCollectiveTag(RankWaitOp.Reduce);
        var collective = new CollectiveOperation(_context + 1);
        Memory<T> accumulator = Rank == root && root == 0 ? receive : GC.AllocateUninitializedArray<T>(send.Length, pinned: true);
        send.Span.CopyTo(accumulator.Span);
        System.Buffers.MemoryHandle pin = accumulator.Pin();
        collective.Keep(pin);
        ReduceToZeroSteps(collective, accumulator, (byte*)pin.Pointer, op, tag);
        long bytes = (long)send.Length * sizeof(T);
        if (root != 0 && Rank == 0)
        {
            collective.NextStep();
            collective.Send(_members[root], (byte*)pin.Pointer, bytes, tag + 1);
        }
        else if (root != 0 && Rank == root)
        {
            System.Buffers.MemoryHandle result = receive.Pin();
            collective.Keep(result);
            collective.NextStep();
            collective.Receive(_members[0], (byte*)result.Pointer, bytes, tag + 1);
        }

        return StartCollective(collective);
    }

    /// <summary>
    /// Starts collecting every rank's <paramref name="send"/> on every rank, in rank order (MPI_Iallgather): one step
    /// in which each rank sends its block to every other and receives theirs.
    /// </summary>
    public unsafe Request Iallgather<T>(ReadOnlyMemory<T> send, Memory<T> receive) where T : unmanaged
    {
        SameLength((long)send.Length * Size, receive.Length, nameof(receive));
        int tag = NextCollectiveTag(RankWaitOp.Allgather);
        int count = send.Length;
        send.Span.CopyTo(receive.Span.Slice(Rank * count, count));
        return StartPairwise(send, receive, (long)count * sizeof(T), tag, blockPerRank: false);
    }

    /// <summary>
    /// Starts sending block r of <paramref name="send"/> to rank r and receiving block r of <paramref name="receive"/>
    /// from rank r (MPI_Ialltoall): one step of a send and a receive with every other rank.
    /// </summary>
    public unsafe Request Ialltoall<T>(ReadOnlyMemory<T> send, Memory<T> receive) where T : unmanaged
    {
        SameLength(send.Length, receive.Length, nameof(receive));
        if (send.Length % Size != 0)
        {
            throw new ArgumentException($"Ialltoall needs a multiple of {Size} elements, not {send.Length}", nameof(send));
        }

        int tag = NextCollectiveTag(RankWaitOp.Alltoall);
        int count = send.Length / Size;
        send.Span.Slice(Rank * count, count).CopyTo(receive.Span.Slice(Rank * count, count));
        return StartPairwise(send, receive, (long)count * sizeof(T), tag, blockPerRank: true);
    }

    /// <summary>
    /// The one step of Iallgather and Ialltoall: with every other rank r, receive block r of <paramref name="receive"/>
    /// (<paramref name="bytes"/> each) and send <paramref name="send"/>'s block r (<paramref name="blockPerRank"/>) or
    /// the whole of it; both buffers stay pinned until the operation completes.
    /// </summary>
    private unsafe Request StartPairwise<T>(ReadOnlyMemory<T> send, Memory<T> receive, long bytes, int tag, bool blockPerRank) where T : unmanaged
    {
        var collective = new CollectiveOperation(_context + 1);
        System.Buffers.MemoryHandle outgoing = send.Pin();
        System.Buffers.MemoryHandle incoming = receive.Pin();
        collective.Keep(outgoing);
        collective.Keep(incoming);
        collective.NextStep();
        for (int step = 1; step < Size; step++)
        {
            int to = (Rank + step) % Size;
            int from = (Rank - step + Size) % Size;
            collective.Receive(_members[from], (byte*)incoming.Pointer + (from * bytes), bytes, tag);
            collective.Send(_members[to], (byte*)outgoing.Pointer + (blockPerRank ? to * bytes : 0), bytes, tag);
        }

        return StartCollective(collective);
    }

    /// <summary>
    /// Appends the steps of a binomial reduce to rank 0 of <paramref name="accumulator"/> (pinned at
    /// <paramref name="pointer"/>, holding the rank's own contribution): the children of r are r + 2^k below
    /// lowbit(r) (rank 0: below the size), and child r + 2^k holds the reduction of ranks [r + 2^k, r + 2^(k+1)), so
    /// combining them in ascending order on the right keeps rank order. Ranks other than 0 then send theirs up.
    /// </summary>
    private unsafe void ReduceToZeroSteps<T>(CollectiveOperation collective, Memory<T> accumulator, byte* pointer, Op<T> op, int tag)
        where T : unmanaged
    {
        int count = accumulator.Length;
        long bytes = (long)count * sizeof(T);
        int reach = Rank == 0 ? (int)BitOperations.RoundUpToPowerOf2((uint)Size) : Rank & -Rank;
        int children = 0;
        for (int mask = 1; mask < reach && Rank + mask < Size; mask <<= 1)
        {
            children++;
        }

        if (children > 0)
        {
            T[] partials = GC.AllocateUninitializedArray<T>(children * count, pinned: true);
            byte* partialBytes = (byte*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(partials));
            collective.NextStep();
            for (int child = 0; child < children; child++)
            {
                collective.Receive(_members[Rank + (1 << child)], partialBytes + (child * bytes), bytes, tag);
            }

            collective.Then(() =>
            {
                for (int child = 0; child < children; child++)
                {
                    op.ApplyRight(partials.AsSpan(child * count, count), accumulator.Span);
                }
            });
        }

        if (Rank != 0)
        {
            collective.NextStep();
            collective.Send(_members[Rank - reach], pointer, bytes, tag);
        }
    }

    /// <summary>
    /// Appends the steps of a binomial broadcast of <paramref name="bytes"/> at <paramref name="data"/> from
    /// <paramref name="root"/>, for the rank at <paramref name="relative"/> position in the tree.
    /// </summary>
    private unsafe void BroadcastSteps(CollectiveOperation collective, byte* data, long bytes, int relative, int root, int tag)
    {
        int reach = relative == 0 ? (int)BitOperations.RoundUpToPowerOf2((uint)Size) : relative & -relative;
        if (relative != 0)
        {
            collective.NextStep();
            collective.Receive(_members[(relative - reach + root) % Size], data, bytes, tag);
        }

        if (relative + 1 < Size && reach > 1)
        {
            collective.NextStep();
            for (int mask = reach >> 1; mask > 0; mask >>= 1)
            {
                if (relative + mask < Size)
                {
                    collective.Send(_members[(relative + mask + root) % Size], data, bytes, tag);
                }
            }
        }
    }

    /// <summary>Hands a built schedule to the engine and wraps it in a request.</summary>
    private Request StartCollective(CollectiveOperation collective)
    {
        Engine.Start(collective);
        return new Request(this, collective);
    }
}
