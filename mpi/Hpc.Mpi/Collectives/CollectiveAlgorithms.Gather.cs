using System.Diagnostics;

namespace Hpc.Mpi.Collectives;

/// <content>Gather and Gatherv.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Collects <paramref name="send"/> (the same length on every rank) of every rank r into block r of
    /// <paramref name="recv"/> at <paramref name="root"/> (size × send.Length elements; unused elsewhere). Binomial
    /// tree: each member forwards its whole subtree's blocks in one message.
    /// </summary>
    public static void Gather<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, int root, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int size = group.Size;
        int count = send.Length;
        int relative = ToRelative(group.Self, root, size);
        int subtree = Math.Min(SubtreeReach(relative, size), size - relative);
        Debug.Assert(relative != 0 || recv.Length == size * count);
        if (subtree == 1 && relative != 0)
        {
            group.Send(send, ToIndex(relative - SubtreeReach(relative, size), root, size));
            return;
        }

        // Blocks travel in relative order; only a root at 0 can collect straight into its result.
        bool direct = relative == 0 && root == 0;
        using var scratch = new RentedBuffer<T>(direct ? 0 : subtree * count);
        Span<T> blocks = direct ? recv : scratch.Span;
        send.CopyTo(blocks);
        for (int mask = 1; mask < subtree; mask <<= 1)
        {
            int child = relative + mask;
            int childSubtree = Math.Min(mask, size - child);
            group.Recv(blocks.Slice(mask * count, childSubtree * count), ToIndex(child, root, size));
        }

        if (relative != 0)
        {
            group.Send<T>(blocks, ToIndex(relative - SubtreeReach(relative, size), root, size));
        }
        else if (!direct)
        {
            // Relative block v is rank root + v: the first size − root blocks belong at the root's place and after.
            int tail = (size - root) * count;
            blocks[..tail].CopyTo(recv[(root * count)..]);
            blocks[tail..].CopyTo(recv);
        }
    }

    /// <summary>
    /// Collects <paramref name="send"/> of every rank r into <paramref name="recv"/> at
    /// <paramref name="displacements"/>[r] at <paramref name="root"/>; <paramref name="counts"/>[r] is rank r's
    /// send length. Counts, displacements and <paramref name="recv"/> are used at the root only. Linear: the root
    /// receives from each rank in turn.
    /// </summary>
    public static void Gatherv<T>(
        ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int root, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        if (group.Self != root)
        {
            group.Send(send, root);
            return;
        }

        Debug.Assert(counts.Length == group.Size && displacements.Length == group.Size && counts[root] == send.Length);
        send.CopyTo(recv.Slice(displacements[root], counts[root]));
        for (int from = 0; from < group.Size; from++)
        {
            if (from != root)
            {
                group.Recv(recv.Slice(displacements[from], counts[from]), from);
            }
        }
    }
}
