using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="SlurmJob"/> and <see cref="NodeTopology.Within"/>: a Slurm allocation narrows the cpus a job uses.</summary>
[TestFixture]
public sealed class SlurmJobTests
{
    [Test]
    public void CpusOnNode_InsideASlurmJob_IsTheAllocation()
    {
        var variables = new Dictionary<string, string> { ["SLURM_JOB_ID"] = "7", ["SLURM_CPUS_ON_NODE"] = "3" };

        Assert.That(SlurmJob.CpusOnNode(name => variables.GetValueOrDefault(name)), Is.EqualTo(3));
    }

    [TestCase("2", 2)]
    [TestCase("4(x3)", 4)]
    [TestCase("4(x2),2", null)]
    public void CpusOnNode_UnderSalloc_IsTheJobsCountWhenEveryNodeHasTheSame(string perNode, int? expected)
    {
        var variables = new Dictionary<string, string> { ["SLURM_JOB_ID"] = "7", ["SLURM_JOB_CPUS_PER_NODE"] = perNode };

        Assert.That(SlurmJob.CpusOnNode(name => variables.GetValueOrDefault(name)), Is.EqualTo(expected));
    }

    [Test]
    public void TerminatedText_InsideASlurmJob_NamesItsTimeLimitAndScancel()
    {
        Assert.That(SlurmJob.TerminatedText(name => name == "SLURM_JOB_ID" ? "12" : null),
            Is.EqualTo("terminated (SIGTERM; inside Slurm job 12, whose time limit or scancel sends it)"));
        Assert.That(SlurmJob.TerminatedText(_ => null), Is.EqualTo("terminated (SIGTERM)"));
    }

    [TestCase(null, "3")]
    [TestCase("7", null)]
    [TestCase("7", "0")]
    [TestCase("7", "two")]
    public void CpusOnNode_OutsideAJobOrUnreadable_IsNull(string? job, string? cpus)
    {
        var variables = new Dictionary<string, string?> { ["SLURM_JOB_ID"] = job, ["SLURM_CPUS_ON_NODE"] = cpus };

        Assert.That(SlurmJob.CpusOnNode(name => variables.GetValueOrDefault(name)), Is.Null);
    }

    [Test]
    public void Within_FewerCpusThanUsable_KeepsTheLowestNodeByNode()
    {
        NodeTopology topology = NodeTopology.Create([CpuSet.Of([0, 1, 2, 3]), CpuSet.Of([4, 5, 6, 7])], allowedCpus: CpuSet.Of([1, 2, 3, 4, 5, 6, 7]));

        NodeTopology narrowed = topology.Within(4);

        Assert.That(narrowed.UsableCpus.ToString(), Is.EqualTo("1-4"));
        Assert.That(narrowed.NumaNodes.Select(node => node.ToString()), Is.EqualTo(new[] { "1-3", "4" }));
    }

    [TestCase(null)]
    [TestCase(8)]
    [TestCase(64)]
    public void Within_NoSmallerAllocation_IsUnchanged(int? cpus)
    {
        NodeTopology topology = NodeTopology.Create([CpuSet.Of([0, 1, 2, 3]), CpuSet.Of([4, 5, 6, 7])]);

        Assert.That(topology.Within(cpus), Is.SameAs(topology));
    }
}
