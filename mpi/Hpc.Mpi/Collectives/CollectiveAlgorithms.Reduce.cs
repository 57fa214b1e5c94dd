namespace Hpc.Mpi.Collectives;

/// <content>Reduce.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Combines <paramref name="send"/> of all ranks element-wise with <paramref name="op"/> into
    /// <paramref name="recv"/> of rank <paramref name="root"/> (other ranks' <paramref name="recv"/> is not touched).
    /// Binomial tree; a non-commutative operation is reduced in rank order in a tree rooted at rank 0 and then sent to
    /// the root. Hierarchical (for commutative operations, or when every isle is a contiguous range of ranks): each
    /// isle reduces to its leader, the leaders reduce to the root's leader, which hands the result to the root.
    /// </summary>
    public static void Reduce<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, int root, int tag)
        where T : unmanaged
    {
        IsleLayout layout = IsleLayout.Of(transport);
        if (!layout.IsHierarchical || !(op.IsCommutative || layout.IsContiguous))
        {
            ReduceGroup(layout.WorldGroup(transport, tag), send, recv, op, root);
            return;
        }

        RankGroup isle = layout.IsleGroup(transport, tag, CollectiveTags.IsleUp);
        RankGroup hop = layout.IsleGroup(transport, tag, CollectiveTags.Hop);
        int rootIsle = layout.IsleNumberOf(root);
        bool isRoot = layout.Rank == root;
        if (!layout.IsLeader)
        {
            ReduceGroup(isle, send, Span<T>.Empty, op, root: 0);
            if (isRoot)
            {
                hop.Recv(recv, from: 0);
            }

            return;
        }

        using var scratch = new RentedBuffer<T>(isRoot ? 0 : send.Length);
        Span<T> partial = isRoot ? recv : scratch.Span;
        ReduceGroup(isle, send, partial, op, root: 0);
        ReduceGroup(layout.LeaderGroup(transport, tag), partial, partial, op, rootIsle);
        if (layout.LeaderIndex == rootIsle && !isRoot)
        {
            hop.Send<T>(partial, layout.IndexInIsleOf(root));
        }
    }

    /// <summary>Reduce within a group to member <paramref name="root"/>, in member order when the operation is not commutative.</summary>
    private static void ReduceGroup<T>(RankGroup group, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, int root)
        where T : unmanaged
    {
        if (op.IsCommutative || root == 0)
        {
            ReduceBinomial(group, send, recv, op, root);
            return;
        }

        // Only a tree rooted at member 0 covers contiguous, ordered ranges; the result then takes one hop to the root.
        if (group.Self == 0)
        {
            using var result = new RentedBuffer<T>(send.Length);
            ReduceBinomial(group, send, result.Span, op, root: 0);
            group.Send<T>(result.Span, root);
        }
        else
        {
            ReduceBinomial(group, send, Span<T>.Empty, op, root: 0);
            if (group.Self == root)
            {
                group.Recv(recv, from: 0);
            }
        }
    }

    /// <summary>
    /// Binomial tree reduce: every member combines its children's partial results, lowest child first, into its own
    /// on the right (<c>mine op child</c>), then sends the result to its parent. With the root at 0 a member's subtree
    /// is the rank range following it, so the result is in rank order. <paramref name="recv"/> is used at the root only
    /// and may be <paramref name="send"/>.
    /// </summary>
    private static void ReduceBinomial<T>(RankGroup group, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, int root)
        where T : unmanaged
    {
        int size = group.Size;
        int relative = ToRelative(group.Self, root, size);
        int reach = SubtreeReach(relative, size);
        if (relative == 0)
        {
            send.CopyTo(recv);
            if (size == 1)
            {
                return;
            }
        }
        else if (reach == 1 || relative + 1 == size)
        {
            // A leaf passes its own data straight on.
            group.Send(send, ToIndex(relative - reach, root, size));
            return;
        }

        using var scratch = new RentedBuffer<T>(relative == 0 ? send.Length : 2 * send.Length);
        Span<T> incoming = scratch.Span[..send.Length];
        Span<T> accumulator = relative == 0 ? recv : scratch.Span[send.Length..];
        if (relative != 0)
        {
            send.CopyTo(accumulator);
        }

        for (int mask = 1; mask < reach && relative + mask < size; mask <<= 1)
        {
            group.Recv(incoming, ToIndex(relative + mask, root, size));
            op.ApplyRight(incoming, accumulator);
        }

        if (relative != 0)
        {
            group.Send<T>(accumulator, ToIndex(relative - reach, root, size));
        }
    }
}
