using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;
using Hpc.Segment;

namespace Hpc.Proxy.Nodes;

/// <summary>
/// Plans one node's share of a job on several nodes: ranks go to nodes by <see cref="NodeRankSplit"/> (the same on
/// every node), then the node's own ranks go to its isles exactly as on one node. The plan lists every rank of the job;
/// those of other nodes carry only their node.
/// </summary>
internal static class NodePlanner
{
    /// <summary>
    /// The plan of node <paramref name="localNode"/> of <paramref name="nodeCount"/> for a job of
    /// <paramref name="request"/>.Np ranks; <paramref name="node"/> and <paramref name="topology"/> describe this node.
    /// </summary>
    public static JobPlan Plan(PlanRequest request, int nodeCount, int localNode, NodeSpec? node, NodeTopology topology)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Np < nodeCount)
        {
            throw new PlacementException($"-n {request.Np} is fewer ranks than the {nodeCount} nodes");
        }

        if (request.Np > SegmentLayout.MaxRanks)
        {
            // Each node's segment numbers every rank of the job, so the limit is on the whole job, not the share.
            throw new PlacementException($"the rank count must be at most {SegmentLayout.MaxRanks} (the most a segment describes), not {request.Np}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(localNode);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(localNode, nodeCount);
        int[] nodeOf = NodeRankSplit.NodeOfRanks(request.Np, nodeCount, request.Placement);
        int[] local = [.. Enumerable.Range(0, request.Np).Where(r => nodeOf[r] == localNode)];
        JobPlan share = JobPlanner.Plan(request with { Np = local.Length }, node, topology);

        // The share numbers its ranks 0..k-1; the job numbers them as the split says.
        var ranks = Enumerable.Range(0, request.Np).Select(r => new RankPlan(r, -1, -1, Node: nodeOf[r])).ToArray();
        foreach (RankPlan rank in share.Ranks)
        {
            ranks[local[rank.Rank]] = rank with { Rank = local[rank.Rank], Node = localNode };
        }

        var isles = share.Isles.Select(isle => isle with { Ranks = [.. isle.Ranks.Select(r => local[r])] }).ToList();
        return new JobPlan(isles, ranks, nodeCount, localNode);
    }
}
