using Hpc.Proxy.Nodes;

namespace Hpc.Proxy.Tests.Nodes;

/// <summary>The node lists hermit-run reads: --hosts, mpiexec host files and Slurm's compressed lists.</summary>
[TestFixture]
public sealed class HostListTests
{
    [Test]
    public void ParseHosts_WithSlotsAndRepeats_KeepsOrderOnce()
    {
        var nodes = HostList.ParseHosts("b, a:4,B,c");

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "b", "a", "c" }));
    }

    [Test]
    public void ParseHosts_EmptyName_Throws()
    {
        Assert.That(() => HostList.ParseHosts("a,,b"), Throws.TypeOf<NodeListException>().With.Message.Contains("empty host name"));
    }

    [Test]
    public void ParseHostFile_MpiexecFormats_ReadsEveryHost()
    {
        var nodes = HostList.ParseHostFile("hosts", "# the cluster\nnode1:2\n\nnode2 slots=4   # big\n node3 \nnode1\n");

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "node1", "node2", "node3" }));
    }

    [Test]
    public void ParseHostFile_UnknownField_ThrowsWithLine()
    {
        Assert.That(() => HostList.ParseHostFile("hosts", "node1\nnode2 fast\n"), Throws.TypeOf<NodeListException>().With.Message.StartsWith("hosts:2:"));
    }

    [Test]
    public void ParseHostFile_OnlyComments_Throws()
    {
        Assert.That(() => HostList.ParseHostFile("hosts", "# nothing\n\n"), Throws.TypeOf<NodeListException>().With.Message.Contains("no host"));
    }

    [Test]
    public void ExpandSlurm_RangesAndPadding_Expands()
    {
        var nodes = HostList.ExpandSlurm("n[08-10,13],gpu1,rack[1-2]-x");

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "n08", "n09", "n10", "n13", "gpu1", "rack1-x", "rack2-x" }));
    }

    [Test]
    public void ExpandSlurm_BadRange_Throws()
    {
        Assert.That(() => HostList.ExpandSlurm("n[5-2]"), Throws.TypeOf<NodeListException>().With.Message.Contains("bad range"));
        Assert.That(() => HostList.ExpandSlurm("n[1-2"), Throws.TypeOf<NodeListException>().With.Message.Contains("unclosed"));
    }

    [Test]
    public void Host_WithAddress_IsTheAddress()
    {
        Assert.That(new ClusterNode("a", "10.0.0.1").Host, Is.EqualTo("10.0.0.1"));
        Assert.That(new ClusterNode("a", null).Host, Is.EqualTo("a"));
    }
}
