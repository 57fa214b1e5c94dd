using Hpc.Proxy.Cluster;
using Hpc.Proxy.Nodes;
using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Tests.Nodes;

/// <summary>Ranks over nodes, then each node's share over its isles.</summary>
[TestFixture]
public sealed class NodePlannerTests
{
    [Test]
    public void NodeOfRanks_Block_ContiguousEarlierNodesLarger()
    {
        Assert.That(NodeRankSplit.NodeOfRanks(8, 3, PlacementPolicy.Block), Is.EqualTo(new[] { 0, 0, 0, 1, 1, 1, 2, 2 }));
    }

    [Test]
    public void NodeOfRanks_RoundRobin_Deals()
    {
        Assert.That(NodeRankSplit.NodeOfRanks(7, 3, PlacementPolicy.RoundRobin), Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2, 0 }));
    }

    [Test]
    public void NodeOfRanks_FewerRanksThanNodes_Throws()
    {
        Assert.That(() => NodeRankSplit.NodeOfRanks(2, 3, PlacementPolicy.Block), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Plan_EveryNode_AgreesAndCoversEveryRankOnce()
    {
        var topology = NodeTopology.Create([CpuSet.Parse("0-1"), CpuSet.Parse("2-3")]);
        var request = new PlanRequest(10, null, null, null, PlacementPolicy.Block);
        var plans = Enumerable.Range(0, 3).Select(node => NodePlanner.Plan(request, 3, node, null, topology)).ToList();

        for (int rank = 0; rank < 10; rank++)
        {
            int owner = plans[0].Ranks[rank].Node;
            Assert.That(plans.Select(p => p.Ranks[rank].Node), Is.All.EqualTo(owner), $"rank {rank}");
            Assert.That(plans.Count(p => p.Ranks[rank].IsLocal), Is.EqualTo(1), $"rank {rank}");
            Assert.That(plans[owner].Ranks[rank].IsLocal, Is.True);
        }

        Assert.That(plans[1].LocalRanks, Is.EqualTo(new[] { 4, 5, 6 }));
        Assert.That(plans[1].Isles.SelectMany(i => i.Ranks), Is.EquivalentTo(new[] { 4, 5, 6 }));
        Assert.That(plans[1].Isles, Has.Count.EqualTo(2), "the node's share is placed on its isles as on one node");
        Assert.That(plans[2].NodeCount, Is.EqualTo(3));
        Assert.That(plans[2].LocalNode, Is.EqualTo(2));
    }

    [Test]
    public void Plan_RoundRobin_LocalRanksAreStrided()
    {
        var topology = NodeTopology.Create([CpuSet.Parse("0-1")]);
        var plan = NodePlanner.Plan(new PlanRequest(7, null, null, null, PlacementPolicy.RoundRobin), 3, 1, null, topology);

        Assert.That(plan.LocalRanks, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(plan.Ranks[0].Isle, Is.EqualTo(-1));
    }

    [Test]
    public void Plan_MoreRanksThanASegmentDescribes_ThrowsThoughEachShareFits()
    {
        var topology = NodeTopology.Create([CpuSet.Parse("0-1")]);

        var e = Assert.Throws<PlacementException>(() => NodePlanner.Plan(new PlanRequest(70000, null, null, null, PlacementPolicy.Block), 2, 0, null, topology));

        Assert.That(e!.Message, Is.EqualTo("the rank count must be at most 65536 (the most a segment describes), not 70000"));
    }
}
