using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="ClusterConfig"/>'s choice of the node describing this machine.</summary>
[TestFixture]
public sealed class ClusterConfigTests
{
    /// <summary>Builds a config with automatic nodes of the given names.</summary>
    private static ClusterConfig WithNodes(params string[] names) =>
        new("c.toml", JobDefaults.Default, names.Select((name, i) => new NodeSpec(name, null, true, null, [], i + 1)).ToList());

    /// <summary>The host name wins over "localhost", ignoring case; then "localhost"; then the only node.</summary>
    [TestCase("big", new[] { "localhost", "BIG" }, "BIG")]
    [TestCase("other", new[] { "big", "localhost" }, "localhost")]
    [TestCase("other", new[] { "big" }, "big")]
    public void NodeFor_Names_PicksExpectedNode(string host, string[] names, string expected)
    {
        Assert.That(WithNodes(names).NodeFor(host).Name, Is.EqualTo(expected));
    }

    /// <summary>Several nodes, none for this machine: the error lists the nodes.</summary>
    [Test]
    public void NodeFor_NoMatch_ThrowsListingNodes()
    {
        var e = Assert.Throws<ClusterConfigException>(() => WithNodes("a", "b").NodeFor("c"));

        Assert.That(e!.Message, Does.StartWith("c.toml: no [[node]] is named 'c' or 'localhost' (nodes: a, b)"));
    }

    /// <summary>No nodes at all: the automatic localhost node.</summary>
    [Test]
    public void LocalNode_NoNodes_IsDefault()
    {
        Assert.That(ClusterConfig.Default.LocalNode, Is.SameAs(NodeSpec.Default));
    }

    /// <summary>A node named after this machine is found by <see cref="ClusterConfig.LocalNode"/>.</summary>
    [Test]
    public void LocalNode_NamedAfterMachine_IsFound()
    {
        Assert.That(WithNodes("a", Environment.MachineName, "b").LocalNode.Name, Is.EqualTo(Environment.MachineName));
    }
}
