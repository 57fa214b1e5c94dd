using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Mpi.Collectives;

/// <content>Allreduce.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Combines <paramref name="send"/> of all ranks element-wise with <paramref name="op"/> into
    /// <paramref name="recv"/> of every rank; <paramref name="send"/> may be <paramref name="recv"/>.
    /// Commutative operations: recursive doubling below <see cref="CollectiveThresholds.LargeMessageBytes"/>, above it
    /// Rabenseifner (power-of-two rank counts, or too little data per rank for the ring) or the ring. Non-commutative
    /// operations: <see cref="Reduce"/> to rank 0, then <see cref="Bcast"/>. Hierarchical: reduce within each isle to
    /// its leader, allreduce among the leaders, broadcast within each isle.
    /// </summary>
    public static void Allreduce<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, int tag)
        where T : unmanaged
    {
        Debug.Assert(send.Length == recv.Length);
        if (!op.IsCommutative)
        {
            Reduce(transport, send, recv, op, root: 0, tag);
            Bcast(transport, recv, root: 0, tag);
            return;
        }

        IsleLayout layout = IsleLayout.Of(transport);
        if (!layout.IsHierarchical)
        {
            AllreduceGroup(layout.WorldGroup(transport, tag), send, recv, op);
            return;
        }

        RankGroup isle = layout.IsleGroup(transport, tag, CollectiveTags.IsleUp);
        ReduceGroup(isle, send, recv, op, root: 0);
        if (layout.IsLeader)
        {
            AllreduceGroup(layout.LeaderGroup(transport, tag), recv, recv, op);
        }

        BcastGroup(isle.WithTag(tag + CollectiveTags.IsleDown), MemoryMarshal.AsBytes(recv), root: 0);
    }

    /// <summary>The algorithm <see cref="Allreduce"/> picks for <paramref name="count"/> elements on <paramref name="size"/> ranks (commutative operation).</summary>
    internal static AllreduceAlgorithm ChooseAllreduce<T>(int count, int size)
        where T : unmanaged
    {
        long bytes = (long)count * Unsafe.SizeOf<T>();
        if (size == 1 || bytes < CollectiveThresholds.LargeMessageBytes || count < size)
        {
            return AllreduceAlgorithm.RecursiveDoubling;
        }

        return BitOperations.IsPow2(size) || bytes < (long)size * CollectiveThresholds.RingBytesPerRank
            ? AllreduceAlgorithm.Rabenseifner
            : AllreduceAlgorithm.Ring;
    }

    /// <summary>Allreduce of a commutative operation within a group with the algorithm <paramref name="algorithm"/>; for tests.</summary>
    internal static void AllreduceWith<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, AllreduceAlgorithm algorithm, int tag)
        where T : unmanaged
    {
        Debug.Assert(op.IsCommutative);
        RankGroup world = IsleLayout.Of(transport).WorldGroup(transport, tag);
        send.CopyTo(recv);
        RunAllreduce(world, recv, op, algorithm);
    }

    /// <summary>Allreduce of a commutative operation within a group.</summary>
    private static void AllreduceGroup<T>(RankGroup group, ReadOnlySpan<T> send, Span<T> recv, Op<T> op)
        where T : unmanaged
    {
        send.CopyTo(recv);
        RunAllreduce(group, recv, op, ChooseAllreduce<T>(recv.Length, group.Size));
    }

    /// <summary>Runs <paramref name="algorithm"/> in place on <paramref name="data"/>.</summary>
    private static void RunAllreduce<T>(RankGroup group, Span<T> data, Op<T> op, AllreduceAlgorithm algorithm)
        where T : unmanaged
    {
        if (group.Size == 1)
        {
            return;
        }

        switch (algorithm)
        {
            case AllreduceAlgorithm.RecursiveDoubling:
                AllreduceRecursiveDoubling(group, data, op);
                break;
            case AllreduceAlgorithm.Rabenseifner:
                AllreduceRabenseifner(group, data, op);
                break;
            default:
                AllreduceRing(group, data, op);
                break;
        }
    }

    /// <summary>
    /// Recursive doubling: log2(p) rounds in which partners 2^k apart swap their whole vectors and combine. With p the
    /// largest power of two not above the size, the first 2·(size − p) members pair up first: the even one of each
    /// pair folds its vector into the odd one and sits out until the odd one sends the result back.
    /// </summary>
    private static void AllreduceRecursiveDoubling<T>(RankGroup group, Span<T> data, Op<T> op)
        where T : unmanaged
    {
        using var scratch = new RentedBuffer<T>(data.Length);
        int virtualRank = FoldIn(group, data, scratch.Span, op, out int extra);
        if (virtualRank >= 0)
        {
            int powerOfTwo = group.Size - extra;
            for (int mask = 1; mask < powerOfTwo; mask <<= 1)
            {
                int partner = RealIndex(virtualRank ^ mask, extra);
                group.SendRecv<T>(data, partner, scratch.Span, partner);
                op.ApplyRight(scratch.Span, data);
            }
        }

        FoldOut(group, data, extra);
    }

    /// <summary>
    /// Rabenseifner: a reduce-scatter by recursive halving (each round swaps half of the remaining blocks with the
    /// partner and keeps the other half) leaves virtual rank r with block r fully reduced; an allgather by recursive
    /// doubling then spreads the blocks. Moves about 2·N bytes per member instead of N·log2(p). Extra members fold in
    /// and out as in recursive doubling.
    /// </summary>
    private static void AllreduceRabenseifner<T>(RankGroup group, Span<T> data, Op<T> op)
        where T : unmanaged
    {
        using var scratch = new RentedBuffer<T>(data.Length);
        int virtualRank = FoldIn(group, data, scratch.Span, op, out int extra);
        if (virtualRank >= 0)
        {
            int blocks = group.Size - extra;
            int low = 0;
            for (int mask = blocks >> 1; mask > 0; mask >>= 1)
            {
                int partner = RealIndex(virtualRank ^ mask, extra);
                bool keepLower = (virtualRank & mask) == 0;
                int keep = keepLower ? low : low + mask;
                int give = keepLower ? low + mask : low;
                Span<T> kept = Blocks(data, keep, keep + mask, blocks);
                Span<T> incoming = scratch.Span[..kept.Length];
                group.SendRecv<T>(Blocks(data, give, give + mask, blocks), partner, incoming, partner);
                op.ApplyRight(incoming, kept);
                low = keep;
            }

            Debug.Assert(low == virtualRank);
            for (int mask = 1; mask < blocks; mask <<= 1)
            {
                int partner = RealIndex(virtualRank ^ mask, extra);
                int mine = virtualRank & ~(mask - 1);
                int theirs = mine ^ mask;
                group.SendRecv<T>(Blocks(data, mine, mine + mask, blocks), partner, Blocks(data, theirs, theirs + mask, blocks), partner);
            }
        }

        FoldOut(group, data, extra);
    }

    /// <summary>
    /// Ring: a reduce-scatter around the ring (size − 1 steps, each passing one block on and combining the block that
    /// arrives) leaves member i with block i + 1 complete; an allgather around the ring spreads them. Bandwidth-optimal
    /// for any size, but 2·(size − 1) steps.
    /// </summary>
    private static void AllreduceRing<T>(RankGroup group, Span<T> data, Op<T> op)
        where T : unmanaged
    {
        int size = group.Size;
        int self = group.Self;
        int right = self + 1 == size ? 0 : self + 1;
        int left = self == 0 ? size - 1 : self - 1;
        using var scratch = new RentedBuffer<T>((data.Length / size) + 1);
        for (int step = 0; step < size - 1; step++)
        {
            int sendBlock = (self - step + size) % size;
            int recvBlock = (self - step - 1 + size) % size;
            Span<T> target = Blocks(data, recvBlock, recvBlock + 1, size);
            Span<T> incoming = scratch.Span[..target.Length];
            group.SendRecv<T>(Blocks(data, sendBlock, sendBlock + 1, size), right, incoming, left);
            op.ApplyRight(incoming, target);
        }

        for (int step = 0; step < size - 1; step++)
        {
            int sendBlock = (self + 1 - step + size) % size;
            int recvBlock = (self - step + size) % size;
            group.SendRecv<T>(Blocks(data, sendBlock, sendBlock + 1, size), right, Blocks(data, recvBlock, recvBlock + 1, size), left);
        }
    }

    /// <summary>
    /// Shrinks the group to a power of two p: of the first 2·extra members (extra = size − p), each even one sends its
    /// vector to the odd one after it, which combines it. Returns the member's virtual rank among the p that go on, or
    /// -1 for a member that sits out.
    /// </summary>
    private static int FoldIn<T>(RankGroup group, Span<T> data, Span<T> scratch, Op<T> op, out int extra)
        where T : unmanaged
    {
        int self = group.Self;
        extra = group.Size - FloorPowerOfTwo(group.Size);
        if (self >= 2 * extra)
        {
            return self - extra;
        }

        if ((self & 1) == 0)
        {
            group.Send<T>(data, self + 1);
            return -1;
        }

        group.Recv(scratch, self - 1);
        op.ApplyRight(scratch, data);
        return self >> 1;
    }

    /// <summary>Gives the members that sat out (<see cref="FoldIn"/>) the result.</summary>
    private static void FoldOut<T>(RankGroup group, Span<T> data, int extra)
        where T : unmanaged
    {
        int self = group.Self;
        if (self < 2 * extra)
        {
            if ((self & 1) == 0)
            {
                group.Recv(data, self + 1);
            }
            else
            {
                group.Send<T>(data, self - 1);
            }
        }
    }

    /// <summary>The group index of virtual rank <paramref name="virtualRank"/> after <see cref="FoldIn"/>.</summary>
    private static int RealIndex(int virtualRank, int extra) => virtualRank < extra ? (2 * virtualRank) + 1 : virtualRank + extra;
}
