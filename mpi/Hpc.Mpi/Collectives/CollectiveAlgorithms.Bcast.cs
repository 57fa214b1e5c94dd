using System.Runtime.InteropServices;

namespace Hpc.Mpi.Collectives;

/// <content>Broadcast.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Copies <paramref name="buffer"/> of rank <paramref name="root"/> into <paramref name="buffer"/> of every rank.
    /// Binomial tree below <see cref="CollectiveThresholds.LargeMessageBytes"/>, scatter plus ring allgather above
    /// (with at least three ranks). Hierarchical: the root's isle first, then the leaders, then the other isles.
    /// </summary>
    public static void Bcast<T>(ICollectiveTransport transport, Span<T> buffer, int root, int tag)
        where T : unmanaged
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(buffer);
        IsleLayout layout = IsleLayout.Of(transport);
        if (!layout.IsHierarchical)
        {
            BcastGroup(layout.WorldGroup(transport, tag), bytes, root);
            return;
        }

        int rootIsle = layout.IsleNumberOf(root);
        RankGroup isle = layout.IsleGroup(transport, tag, CollectiveTags.IsleDown);
        if (layout.IsleNumberOf(layout.Rank) == rootIsle)
        {
            // The root's isle needs no leader round: the root spreads the data itself, its leader included.
            BcastGroup(isle, bytes, layout.IndexInIsleOf(root));
            if (layout.IsLeader)
            {
                BcastGroup(layout.LeaderGroup(transport, tag), bytes, rootIsle);
            }
        }
        else
        {
            if (layout.IsLeader)
            {
                BcastGroup(layout.LeaderGroup(transport, tag), bytes, rootIsle);
            }

            BcastGroup(isle, bytes, root: 0);
        }
    }

    /// <summary>Broadcast within a group, choosing the algorithm by size.</summary>
    private static void BcastGroup(RankGroup group, Span<byte> bytes, int root)
    {
        if (group.Size == 1)
        {
            return;
        }

        // With two ranks the scatter would only split one message in two.
        if (bytes.Length >= CollectiveThresholds.LargeMessageBytes && group.Size > 2)
        {
            BcastScatterAllgather(group, bytes, root);
        }
        else
        {
            BcastBinomial(group, bytes, root);
        }
    }

    /// <summary>Binomial tree broadcast: receive from the parent, then send to the children, largest subtree first.</summary>
    private static void BcastBinomial(RankGroup group, Span<byte> bytes, int root)
    {
        int size = group.Size;
        int relative = ToRelative(group.Self, root, size);
        int reach = SubtreeReach(relative, size);
        if (relative != 0)
        {
            group.Recv(bytes, ToIndex(relative - reach, root, size));
        }

        for (int mask = reach >> 1; mask > 0; mask >>= 1)
        {
            if (relative + mask < size)
            {
                group.Send<byte>(bytes, ToIndex(relative + mask, root, size));
            }
        }
    }

    /// <summary>
    /// Van de Geijn broadcast: the root scatters one chunk per member down a binomial tree (chunk v goes to relative
    /// rank v), then a ring allgather completes every member's copy; each link carries about one message's worth.
    /// </summary>
    private static void BcastScatterAllgather(RankGroup group, Span<byte> bytes, int root)
    {
        int size = group.Size;
        int chunk = (bytes.Length + size - 1) / size;
        int relative = ToRelative(group.Self, root, size);
        int reach = SubtreeReach(relative, size);

        // Scatter: relative rank v receives the chunks of its subtree, [v, v + reach), and passes on its children's.
        if (relative != 0)
        {
            group.Recv(Chunks(bytes, relative, Math.Min(relative + reach, size), chunk), ToIndex(relative - reach, root, size));
        }

        for (int mask = reach >> 1; mask > 0; mask >>= 1)
        {
            int child = relative + mask;
            if (child < size)
            {
                group.Send<byte>(Chunks(bytes, child, Math.Min(child + mask, size), chunk), ToIndex(child, root, size));
            }
        }

        // Ring allgather in relative order: in step s rank v passes chunk v − s on and gets chunk v − s − 1. The root
        // has every chunk, so the ring is open there: the rank before it sends nothing and the root receives nothing.
        int right = ToIndex(relative + 1 == size ? 0 : relative + 1, root, size);
        int left = ToIndex(relative == 0 ? size - 1 : relative - 1, root, size);
        for (int step = 0; step < size - 1; step++)
        {
            int sendChunk = (relative - step + size) % size;
            int recvChunk = (relative - step - 1 + size) % size;
            Span<byte> outgoing = Chunks(bytes, sendChunk, sendChunk + 1, chunk);
            Span<byte> incoming = Chunks(bytes, recvChunk, recvChunk + 1, chunk);
            if (relative == 0)
            {
                group.Send<byte>(outgoing, right);
            }
            else if (relative == size - 1)
            {
                group.Recv(incoming, left);
            }
            else
            {
                group.SendRecv<byte>(outgoing, right, incoming, left);
            }
        }
    }

    /// <summary>The bytes of chunks [first, end) when chunks are <paramref name="chunk"/> bytes (the last ones shorter or empty).</summary>
    private static Span<byte> Chunks(Span<byte> bytes, int first, int end, int chunk)
    {
        int start = (int)Math.Min((long)first * chunk, bytes.Length);
        return bytes[start..(int)Math.Min((long)end * chunk, bytes.Length)];
    }
}
