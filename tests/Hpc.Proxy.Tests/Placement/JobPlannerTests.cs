using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Tests.Placement;

/// <summary>Tests of <see cref="JobPlanner.Plan"/> on valid requests.</summary>
[TestFixture]
public sealed class JobPlannerTests
{
    /// <summary>One NUMA node with cpus 0-1, like the development machine.</summary>
    private static readonly NodeTopology s_twoCpus = NodeTopology.Create([CpuSet.Parse("0-1")]);

    /// <summary>Two NUMA nodes of four cpus.</summary>
    private static readonly NodeTopology s_twoNodes = NodeTopology.Create([CpuSet.Parse("0-3"), CpuSet.Parse("4-7")]);

    /// <summary>A request with block placement and nothing else set.</summary>
    private static PlanRequest Request(int np, int? isles = null, int? coresPerIsle = null, IsleTarget? target = null, PlacementPolicy placement = PlacementPolicy.Block) =>
        new(np, isles, coresPerIsle, target, placement);

    /// <summary>64 ranks on one node of two cpus: one isle, cpus alternate 0, 1.</summary>
    [Test]
    public void Plan_64RanksOnTwoCpus_OneIsleAlternatingCpus()
    {
        var plan = JobPlanner.Plan(Request(64), null, s_twoCpus);

        Assert.That(plan.Isles, Has.Count.EqualTo(1));
        Assert.That(plan.Isles[0].Cpus.ToString(), Is.EqualTo("0-1"));
        Assert.That(plan.Isles[0].Ranks, Is.EqualTo(Enumerable.Range(0, 64)));
        Assert.That(plan.Ranks.Select(r => r.Cpu), Is.EqualTo(Enumerable.Range(0, 64).Select(r => r % 2)));
        Assert.That(plan.Ranks.All(r => r.Isle == 0), Is.True);
        AssertEveryRankOnce(plan, 64);
    }

    /// <summary>--cores-per-isle 1 on two cpus: two isles, ranks 0-31 and 32-63, each pinned to its isle's cpu.</summary>
    [Test]
    public void Plan_CoresPerIsleOne_TwoIslesOfContiguousBlocks()
    {
        var plan = JobPlanner.Plan(Request(64, coresPerIsle: 1), null, s_twoCpus);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0", "1" }));
        Assert.That(plan.Isles[0].Ranks, Is.EqualTo(Enumerable.Range(0, 32)));
        Assert.That(plan.Isles[1].Ranks, Is.EqualTo(Enumerable.Range(32, 32)));
        Assert.That(plan.Ranks.Select(r => r.Cpu), Is.EqualTo(Enumerable.Range(0, 64).Select(r => r < 32 ? 0 : 1)));
        AssertEveryRankOnce(plan, 64);
    }

    /// <summary>--threads 2 on two NUMA nodes of four cpus: each rank owns two consecutive cpus of its isle.</summary>
    [Test]
    public void Plan_ThreadsTwo_EachRankOwnsTwoCoresOfItsIsle()
    {
        var plan = JobPlanner.Plan(new PlanRequest(4, null, null, null, PlacementPolicy.Block, ThreadsPerRank: 2), null, s_twoNodes);

        Assert.That(plan.Ranks.Select(r => (r.Isle, r.Cpu, r.CoreCount)), Is.EqualTo(new[] { (0, 0, 2), (0, 2, 2), (1, 4, 2), (1, 6, 2) }));
        AssertEveryRankOnce(plan, 4);
    }

    /// <summary>--threads larger than an isle is refused, naming the option.</summary>
    [Test]
    public void Plan_ThreadsAboveIsleSize_Refused()
    {
        var e = Assert.Throws<PlacementException>(() => JobPlanner.Plan(new PlanRequest(1, null, 1, null, PlacementPolicy.Block, ThreadsPerRank: 2), null, s_twoCpus));
        Assert.That(e!.Message, Does.StartWith("--threads 2 needs isles of at least 2 cores"));
    }

    /// <summary>Round-robin deals rank r to isle r mod 2.</summary>
    [Test]
    public void Plan_RoundRobin_AlternatesIsles()
    {
        var plan = JobPlanner.Plan(Request(6, coresPerIsle: 1, placement: PlacementPolicy.RoundRobin), null, s_twoCpus);

        Assert.That(plan.Ranks.Select(r => r.Isle), Is.EqualTo(new[] { 0, 1, 0, 1, 0, 1 }));
        Assert.That(plan.Isles[0].Ranks, Is.EqualTo(new[] { 0, 2, 4 }));
        Assert.That(plan.Isles[1].Ranks, Is.EqualTo(new[] { 1, 3, 5 }));
        AssertEveryRankOnce(plan, 6);
    }

    /// <summary>Round-robin within an isle still walks its cpus in rank order.</summary>
    [Test]
    public void Plan_RoundRobinOnNumaNodes_PinsKthRankOfIsleToKthCpu()
    {
        var plan = JobPlanner.Plan(Request(8, placement: PlacementPolicy.RoundRobin), null, s_twoNodes);

        Assert.That(plan.Ranks.Select(r => r.Cpu), Is.EqualTo(new[] { 0, 4, 1, 5, 2, 6, 3, 7 }));
    }

    /// <summary>Isles of 3 and 1 cores share ranks in proportion 3:1 with block placement.</summary>
    [TestCase(8, new[] { 6, 2 })]
    [TestCase(4, new[] { 3, 1 })]
    [TestCase(2, new[] { 1, 1 })]
    [TestCase(5, new[] { 4, 1 })]
    [TestCase(7, new[] { 5, 2 })]
    public void Plan_UnevenIsles_BlockIsProportional(int np, int[] perIsle)
    {
        var node = Node(Isle("0-2"), Isle("3"));

        var plan = JobPlanner.Plan(Request(np), node, s_twoCpus);

        Assert.That(plan.Isles.Select(i => i.Ranks.Count), Is.EqualTo(perIsle));
        Assert.That(plan.Isles[0].Ranks, Is.EqualTo(Enumerable.Range(0, perIsle[0])));
        AssertEveryRankOnce(plan, np);
    }

    /// <summary>Fewer ranks than isles: only the first Np isles are used, one rank each.</summary>
    [Test]
    public void Plan_FewerRanksThanIsles_UsesFirstIsles()
    {
        var plan = JobPlanner.Plan(Request(3, coresPerIsle: 1), null, s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(plan.Ranks.Select(r => (r.Isle, r.Cpu)), Is.EqualTo(new[] { (0, 0), (1, 1), (2, 2) }));
    }

    /// <summary>Automatic isles: one per NUMA node.</summary>
    [Test]
    public void Plan_AutoTwoNumaNodes_OneIslePerNode()
    {
        var plan = JobPlanner.Plan(Request(8), null, s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0-3", "4-7" }));
        Assert.That(plan.Isles.Select(i => i.Target), Is.All.EqualTo(IsleTarget.Process));
        Assert.That(plan.Isles.Select(i => i.MemoryBytes), Is.All.Null);
        Assert.That(plan.Ranks.Select(r => r.Cpu), Is.EqualTo(Enumerable.Range(0, 8)));
    }

    /// <summary>Core groups never straddle NUMA nodes; each node's last group may be smaller.</summary>
    [Test]
    public void Plan_CoresPerIsleThree_GroupsWithinNumaNodes()
    {
        var plan = JobPlanner.Plan(Request(8), Node(coresPerIsle: 3), s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0-2", "3", "4-6", "7" }));
    }

    /// <summary>The command-line core count wins over the file's.</summary>
    [Test]
    public void Plan_CoresPerIsleOnCommandLine_WinsOverFile()
    {
        var plan = JobPlanner.Plan(Request(8, coresPerIsle: 2), Node(coresPerIsle: 4), s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0-1", "2-3", "4-5", "6-7" }));
    }

    /// <summary>--isles K splits the usable cpus into K near-equal contiguous groups (and outranks the file's core count).</summary>
    [Test]
    public void Plan_IslesThree_SplitsUsableCpusNearEqually()
    {
        var plan = JobPlanner.Plan(Request(8, isles: 3), Node(coresPerIsle: 1), s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0-2", "3-5", "6-7" }));
    }

    /// <summary>--isles K with --cores-per-isle G: the first K groups of G cores.</summary>
    [Test]
    public void Plan_IslesAndCoresPerIsle_FirstKGroups()
    {
        var plan = JobPlanner.Plan(Request(8, isles: 3, coresPerIsle: 2), null, s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0-1", "2-3", "4-5" }));
    }

    /// <summary>Explicit isles from a parsed file keep their cpus, memory and target.</summary>
    [Test]
    public void Plan_ExplicitIslesFromFile_KeepSettings()
    {
        const string Text = """
            [[node]]
            name = "localhost"
            [[node.isle]]
            cpus = "1"
            memory = "1GiB"
            [[node.isle]]
            cpus = "0"
            target = "qemu"
            """;
        var node = ClusterFile.Parse(Text, "cluster.toml", s_twoCpus).NodeFor("anyhost");

        var plan = JobPlanner.Plan(Request(4), node, s_twoCpus);

        Assert.That(plan.Isles.Select(i => (i.Index, i.Cpus.ToString(), i.MemoryBytes, i.Target)),
            Is.EqualTo(new[] { (0, "1", (long?)(1L << 30), IsleTarget.Process), (1, "0", (long?)null, IsleTarget.Qemu) }));
        Assert.That(plan.Ranks.Select(r => r.Cpu), Is.EqualTo(new[] { 1, 1, 0, 0 }));
        AssertEveryRankOnce(plan, 4);
    }

    /// <summary>--target replaces every isle's target.</summary>
    [Test]
    public void Plan_TargetOnCommandLine_OverridesIsles()
    {
        var node = Node(Isle("0", IsleTarget.Qemu), Isle("1"));

        var plan = JobPlanner.Plan(Request(2, target: IsleTarget.Kvm), node, s_twoCpus);

        Assert.That(plan.Isles.Select(i => i.Target), Is.All.EqualTo(IsleTarget.Kvm));
    }

    /// <summary>--isles K keeps the first K explicit isles.</summary>
    [Test]
    public void Plan_IslesOnExplicitNode_KeepsFirstK()
    {
        var node = Node(Isle("0-1"), Isle("2-3"), Isle("4-5"));

        var plan = JobPlanner.Plan(Request(8, isles: 2), node, s_twoNodes);

        Assert.That(plan.Isles.Select(i => i.Cpus.ToString()), Is.EqualTo(new[] { "0-1", "2-3" }));
    }

    /// <summary>--cores-per-isle re-splits explicit isles, sharing memory in proportion to cores.</summary>
    [Test]
    public void Plan_CoresPerIsleOnExplicitNode_ResplitsAndSharesMemory()
    {
        var node = Node(Isle("0-2", memory: 300L << 20), Isle("4-7"));

        var plan = JobPlanner.Plan(Request(8, coresPerIsle: 2), node, s_twoNodes);

        Assert.That(plan.Isles.Select(i => (i.Cpus.ToString(), i.MemoryBytes)),
            Is.EqualTo(new[] { ("0-1", (long?)(200L << 20)), ("2", 100L << 20), ("4-5", null), ("6-7", null) }));
    }

    /// <summary>A node with isles = "auto" plans on the topology, like no node.</summary>
    [Test]
    public void Plan_AutoNode_SameAsNoNode()
    {
        var withNode = JobPlanner.Plan(Request(5), NodeSpec.Default, s_twoNodes);
        var withoutNode = JobPlanner.Plan(Request(5), null, s_twoNodes);

        Assert.That(withNode.Ranks, Is.EqualTo(withoutNode.Ranks));
    }

    /// <summary>Every rank appears exactly once, in its isle's list and in the rank list, across many shapes.</summary>
    [Test]
    public void Plan_ManyShapes_EveryRankExactlyOnce(
        [Values(1, 2, 3, 7, 8, 9, 64, 100)] int np,
        [Values(null, 1, 2, 3)] int? coresPerIsle,
        [Values] bool roundRobin)
    {
        var placement = roundRobin ? PlacementPolicy.RoundRobin : PlacementPolicy.Block;
        var plan = JobPlanner.Plan(Request(np, coresPerIsle: coresPerIsle, placement: placement), null, s_twoNodes);

        AssertEveryRankOnce(plan, np);
        Assert.That(plan.Isles.All(i => i.Ranks.Count > 0), Is.True);
        Assert.That(plan.Ranks.All(r => plan.Isles[r.Isle].Cpus.Contains(r.Cpu)), Is.True);
    }

    /// <summary>Checks that ranks 0..np-1 each appear once in the rank list and in exactly one isle.</summary>
    private static void AssertEveryRankOnce(JobPlan plan, int np)
    {
        Assert.That(plan.Ranks.Select(r => r.Rank), Is.EqualTo(Enumerable.Range(0, np)));
        Assert.That(plan.Isles.SelectMany(i => i.Ranks).Order(), Is.EqualTo(Enumerable.Range(0, np)));
        Assert.That(plan.Isles.Select((isle, index) => isle.Index == index), Is.All.True);
        foreach (var rank in plan.Ranks)
        {
            Assert.That(plan.Isles[rank.Isle].Ranks, Does.Contain(rank.Rank));
        }
    }

    /// <summary>An explicit isle.</summary>
    private static IsleSpec Isle(string cpus, IsleTarget target = IsleTarget.Process, long? memory = null) =>
        new(CpuSet.Parse(cpus), memory, target, 0);

    /// <summary>A node with explicit isles.</summary>
    private static NodeSpec Node(params IsleSpec[] isles) => new("n", null, false, null, isles, 0);

    /// <summary>An automatic node with a core count.</summary>
    private static NodeSpec Node(int coresPerIsle) => new("n", null, true, coresPerIsle, [], 0);
}
