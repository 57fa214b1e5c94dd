namespace Hpc.Mpi.Collectives;

/// <content>Barrier.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Returns once every rank has entered. Flat: a dissemination barrier, ceil(log2 n) rounds. Hierarchical: fan-in
    /// to each isle leader, dissemination among the leaders, fan-out from the leaders.
    /// </summary>
    public static void Barrier(ICollectiveTransport transport, int tag)
    {
        IsleLayout layout = IsleLayout.Of(transport);
        if (!layout.IsHierarchical)
        {
            Disseminate(layout.WorldGroup(transport, tag));
            return;
        }

        FanIn(layout.IsleGroup(transport, tag, CollectiveTags.IsleUp), root: 0);
        if (layout.IsLeader)
        {
            Disseminate(layout.LeaderGroup(transport, tag));
        }

        BcastBinomial(layout.IsleGroup(transport, tag, CollectiveTags.IsleDown), Span<byte>.Empty, root: 0);
    }

    /// <summary>Dissemination barrier: in round k every member signals the member 2^k ahead and waits for the one 2^k behind.</summary>
    private static void Disseminate(RankGroup group)
    {
        int size = group.Size;
        for (int distance = 1; distance < size; distance <<= 1)
        {
            int to = group.Self + distance;
            int from = group.Self - distance;
            group.SendRecv(ReadOnlySpan<byte>.Empty, to >= size ? to - size : to, Span<byte>.Empty, from < 0 ? from + size : from);
        }
    }

    /// <summary>Empty messages up a binomial tree: the root returns once every member has entered.</summary>
    private static void FanIn(RankGroup group, int root)
    {
        int size = group.Size;
        int relative = ToRelative(group.Self, root, size);
        int reach = SubtreeReach(relative, size);
        for (int mask = 1; mask < reach && relative + mask < size; mask <<= 1)
        {
            group.Recv(Span<byte>.Empty, ToIndex(relative + mask, root, size));
        }

        if (relative != 0)
        {
            group.Send(ReadOnlySpan<byte>.Empty, ToIndex(relative - reach, root, size));
        }
    }
}
