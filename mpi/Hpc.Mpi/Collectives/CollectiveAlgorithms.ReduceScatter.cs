namespace Hpc.Mpi.Collectives;

/// <content>Reduce-scatter.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Combines <paramref name="send"/> of all ranks element-wise with <paramref name="op"/> and leaves block r of the
    /// result (<paramref name="counts"/>[r] elements, the blocks one after the other) in <paramref name="recv"/> of
    /// rank r. A commutative operation goes pairwise: in step s each rank sends the block of rank + s and combines the
    /// contribution of rank − s to its own block, so each rank moves its vector once, in size − 1 steps. A
    /// non-commutative one is reduced in rank order to rank 0, which scatters the blocks.
    /// </summary>
    public static void ReduceScatter<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, ReadOnlySpan<int> counts, Op<T> op, int tag)
        where T : unmanaged
    {
        using var displacements = new RentedBuffer<int>(counts.Length);
        int offset = 0;
        for (int r = 0; r < counts.Length; r++)
        {
            displacements.Span[r] = offset;
            offset += counts[r];
        }

        if (!op.IsCommutative)
        {
            using var whole = new RentedBuffer<T>(transport.Rank == 0 ? send.Length : 0);
            Reduce(transport, send, whole.Span, op, root: 0, tag);
            Scatterv(transport, whole.Span, counts, displacements.Span, recv, root: 0, tag);
            return;
        }

        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int self = group.Self;
        int mine = counts[self];
        send.Slice(displacements.Span[self], mine).CopyTo(recv);
        using var scratch = new RentedBuffer<T>(mine);
        for (int step = 1; step < group.Size; step++)
        {
            int to = (self + step) % group.Size;
            int from = (self - step + group.Size) % group.Size;
            group.SendRecv<T>(send.Slice(displacements.Span[to], counts[to]), to, scratch.Span, from);
            op.ApplyRight(scratch.Span, recv[..mine]);
        }
    }
}
