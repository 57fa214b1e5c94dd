using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Tests.Placement;

/// <summary>Tests that <see cref="JobPlanner.Plan"/> refuses requests it cannot meet with a one-line reason.</summary>
[TestFixture]
public sealed class JobPlannerErrorTests
{
    /// <summary>One NUMA node with cpus 0-1.</summary>
    private static readonly NodeTopology s_twoCpus = NodeTopology.Create([CpuSet.Parse("0-1")]);

    /// <summary>Out-of-range numbers and impossible isle counts on automatic isles are refused.</summary>
    [TestCase(0, null, null, "rank count must be at least 1, not 0")]
    [TestCase(-5, null, null, "rank count must be at least 1, not -5")]
    [TestCase(4, 0, null, "--isles must be at least 1, not 0")]
    [TestCase(4, null, 0, "--cores-per-isle must be at least 1, not 0")]
    [TestCase(4, 3, null, "--isles 3: this machine has only 2 usable cpus (0-1)")]
    [TestCase(4, 3, 1, "--isles 3 with 1 core per isle: this machine has room for only 2")]
    [TestCase(70000, null, null, "the rank count must be at most 65536 (the most a segment describes), not 70000")]
    public void Plan_BadRequest_Throws(int np, int? isles, int? coresPerIsle, string reason)
    {
        var request = new PlanRequest(np, isles, coresPerIsle, null, PlacementPolicy.Block);

        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(request, null, s_twoCpus));

        Assert.That(e!.Message, Does.Contain(reason).And.Not.Contain("\n"));
    }

    /// <summary>--isles larger than the explicit isle count is refused, naming the node.</summary>
    [Test]
    public void Plan_MoreIslesThanExplicit_Throws()
    {
        var node = new NodeSpec("big", null, false, null, [new IsleSpec(CpuSet.Parse("0"), null, IsleTarget.Process, 3)], 1);

        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(new PlanRequest(4, 2, null, null, PlacementPolicy.Block), node, s_twoCpus));

        Assert.That(e!.Message, Is.EqualTo("--isles 2: node 'big' defines only 1 isle"));
    }

    /// <summary>A hosted isle given less memory than its runtime needs is refused at planning, naming the file and line.</summary>
    [Test]
    public void Plan_HostedIsleUnderMinimumMemory_ThrowsNamingFileLine()
    {
        var node = new NodeSpec("big", null, false, null, [new IsleSpec(CpuSet.Parse("0"), 1024, IsleTarget.Process, 3)], 1) { SourcePath = "cluster.toml" };

        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(new PlanRequest(1, null, null, null, PlacementPolicy.Block), node, s_twoCpus));

        Assert.That(e!.Message, Is.EqualTo("cluster.toml:3: isle 0 (cpus 0) has 1KiB of memory; a hosted isle needs at least 16MiB to start its .NET runtime"));
    }

    /// <summary>A metal isle's memory is not held to the hosted minimum, but --target process makes it hosted.</summary>
    [Test]
    public void Plan_SmallMetalIsle_RefusedOnlyWhenMadeHosted()
    {
        var node = new NodeSpec("big", null, false, null, [new IsleSpec(CpuSet.Parse("0-1"), 8L << 20, IsleTarget.Qemu, 3)], 1);

        Assert.That(JobPlanner.Plan(new PlanRequest(1, null, null, null, PlacementPolicy.Block), node, s_twoCpus).Isles[0].MemoryBytes, Is.EqualTo(8L << 20));
        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(new PlanRequest(1, null, null, IsleTarget.Process, PlacementPolicy.Block), node, s_twoCpus));
        Assert.That(e!.Message, Does.StartWith("isle 0 (cpus 0-1) has 8MiB of memory;"));
    }

    /// <summary>--cores-per-isle can split an isle's memory below the minimum; the message says so.</summary>
    [Test]
    public void Plan_CoresPerIsleSplitsMemoryBelowMinimum_ThrowsSayingWhy()
    {
        var node = new NodeSpec("big", null, false, null, [new IsleSpec(CpuSet.Parse("0-1"), 20L << 20, IsleTarget.Process, 3)], 1);

        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(new PlanRequest(2, null, 1, null, PlacementPolicy.Block), node, s_twoCpus));

        Assert.That(e!.Message, Does.Contain("has 10MiB of memory (its share of the isle's memory after --cores-per-isle)"));
    }

    /// <summary>A topology without usable cpus cannot host automatic isles.</summary>
    [Test]
    public void Plan_EmptyTopology_Throws()
    {
        var empty = NodeTopology.Create([CpuSet.Parse("0-1")], allowedCpus: CpuSet.Parse("4"));

        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(new PlanRequest(1, null, null, null, PlacementPolicy.Block), null, empty));

        Assert.That(e!.Message, Does.Contain("no usable cpus"));
    }
}
