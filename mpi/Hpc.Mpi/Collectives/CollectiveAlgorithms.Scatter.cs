using System.Diagnostics;

namespace Hpc.Mpi.Collectives;

/// <content>Scatter and Scatterv.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Hands block r of <paramref name="send"/> at <paramref name="root"/> (size × recv.Length elements; unused
    /// elsewhere) to <paramref name="recv"/> of rank r. Binomial tree: each member receives its whole subtree's blocks
    /// in one message and passes on its children's.
    /// </summary>
    public static void Scatter<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, int root, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int size = group.Size;
        int count = recv.Length;
        int relative = ToRelative(group.Self, root, size);
        int reach = SubtreeReach(relative, size);
        int subtree = Math.Min(reach, size - relative);
        Debug.Assert(relative != 0 || send.Length == size * count);
        if (subtree == 1 && relative != 0)
        {
            group.Recv(recv, ToIndex(relative - reach, root, size));
            return;
        }

        // The blocks of the subtree, in relative order.
        using var scratch = new RentedBuffer<T>(relative == 0 && root == 0 ? 0 : subtree * count);
        ReadOnlySpan<T> blocks = scratch.Span;
        if (relative != 0)
        {
            group.Recv(scratch.Span, ToIndex(relative - reach, root, size));
        }
        else if (root == 0)
        {
            blocks = send;
        }
        else
        {
            // Relative block v is rank root + v's: rotate the root's blocks into that order.
            int tail = (size - root) * count;
            send[(root * count)..].CopyTo(scratch.Span);
            send[..(root * count)].CopyTo(scratch.Span[tail..]);
        }

        for (int mask = reach >> 1; mask > 0; mask >>= 1)
        {
            int child = relative + mask;
            if (child < size)
            {
                int childSubtree = Math.Min(mask, size - child);
                group.Send(blocks.Slice(mask * count, childSubtree * count), ToIndex(child, root, size));
            }
        }

        blocks[..count].CopyTo(recv);
    }

    /// <summary>
    /// Hands <paramref name="counts"/>[r] elements of <paramref name="send"/> at <paramref name="displacements"/>[r]
    /// at <paramref name="root"/> to <paramref name="recv"/> of rank r (whose length is that count). Counts,
    /// displacements and <paramref name="send"/> are used at the root only. Linear: the root sends to each rank in turn.
    /// </summary>
    public static void Scatterv<T>(
        ICollectiveTransport transport, ReadOnlySpan<T> send, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, Span<T> recv, int root, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        if (group.Self != root)
        {
            group.Recv(recv, root);
            return;
        }

        Debug.Assert(counts.Length == group.Size && displacements.Length == group.Size && counts[root] == recv.Length);
        for (int to = 0; to < group.Size; to++)
        {
            if (to != root)
            {
                group.Send(send.Slice(displacements[to], counts[to]), to);
            }
        }

        send.Slice(displacements[root], counts[root]).CopyTo(recv);
    }
}
