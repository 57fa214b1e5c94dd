using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Nodes;

/// <summary>
/// Which node runs which rank. Every per-node proxy computes this from the same inputs (node count, rank count,
/// policy), so all of them agree without talking: block gives each node a contiguous run of ranks (earlier nodes
/// one more when the split is uneven), round-robin deals rank r to node r mod N.
/// </summary>
internal static class NodeRankSplit
{
    /// <summary>The node of every rank; needs at least one rank per node (callers trim the node list first).</summary>
    public static int[] NodeOfRanks(int np, int nodes, PlacementPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(np, nodes);
        var nodeOf = new int[np];
        for (int rank = 0, node = 0, filled = 0; rank < np; rank++)
        {
            if (policy == PlacementPolicy.RoundRobin)
            {
                nodeOf[rank] = rank % nodes;
                continue;
            }

            int share = (np / nodes) + (node < np % nodes ? 1 : 0);
            if (filled == share)
            {
                node++;
                filled = 0;
            }

            nodeOf[rank] = node;
            filled++;
        }

        return nodeOf;
    }
}
