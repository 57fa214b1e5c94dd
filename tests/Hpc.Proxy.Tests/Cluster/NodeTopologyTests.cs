using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="NodeTopology"/> on fake /sys and /proc trees and on this machine.</summary>
[TestFixture]
public sealed class NodeTopologyTests
{
    /// <summary>The fake root of the current test.</summary>
    private string _root = "";

    /// <summary>Creates an empty fake root.</summary>
    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "hpc-topology-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    /// <summary>Removes the fake root.</summary>
    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    /// <summary>Two NUMA nodes, all online, no affinity file: both nodes, all cpus.</summary>
    [Test]
    public void Detect_TwoNumaNodes_GivesBothNodes()
    {
        WriteNode(0, "0-3");
        WriteNode(1, "4-7");
        Write("sys/devices/system/cpu/online", "0-7\n");

        var topology = NodeTopology.Detect(_root);

        Assert.That(topology.NumaNodes.Select(n => n.ToString()), Is.EqualTo(new[] { "0-3", "4-7" }));
        Assert.That(topology.UsableCpus.ToString(), Is.EqualTo("0-7"));
        Assert.That(topology.AllowedCpus, Is.Null);
    }

    /// <summary>Nodes are ordered by number, not by name (node10 after node2).</summary>
    [Test]
    public void Detect_TenOrMoreNodes_OrdersNumerically()
    {
        for (var node = 0; node < 11; node++)
        {
            WriteNode(node, $"{node}");
        }

        Write("sys/devices/system/cpu/online", "0-10\n");

        var topology = NodeTopology.Detect(_root);

        Assert.That(topology.NumaNodes.Select(n => n.Cpus[0]), Is.EqualTo(Enumerable.Range(0, 11)));
    }

    /// <summary>Offline cpus are dropped from their node, and a node left empty disappears.</summary>
    [Test]
    public void Detect_OfflineCpus_AreDroppedAndEmptyNodesRemoved()
    {
        WriteNode(0, "0-3");
        WriteNode(1, "4-7");
        WriteNode(2, "\n");
        Write("sys/devices/system/cpu/online", "0-2\n");

        var topology = NodeTopology.Detect(_root);

        Assert.That(topology.NumaNodes.Select(n => n.ToString()), Is.EqualTo(new[] { "0-2" }));
        Assert.That(topology.OnlineCpus.ToString(), Is.EqualTo("0-2"));
    }

    /// <summary>A restricted affinity (taskset, cgroup, Slurm) narrows every node.</summary>
    [Test]
    public void Detect_RestrictedAffinity_NarrowsNodes()
    {
        WriteNode(0, "0-3");
        WriteNode(1, "4-7");
        Write("sys/devices/system/cpu/online", "0-7\n");
        Write("proc/self/status", "Name:\tx\nCpus_allowed:\t3c\nCpus_allowed_list:\t2-5\nMems_allowed:\t1\n");

        var topology = NodeTopology.Detect(_root);

        Assert.That(topology.NumaNodes.Select(n => n.ToString()), Is.EqualTo(new[] { "2-3", "4-5" }));
        Assert.That(topology.UsableCpus.ToString(), Is.EqualTo("2-5"));
        Assert.That(topology.AllowedCpus?.ToString(), Is.EqualTo("2-5"));
    }

    /// <summary>Without NUMA information all usable cpus form one node.</summary>
    [Test]
    public void Detect_NoNumaFolder_GivesOneNodeOfUsableCpus()
    {
        Write("sys/devices/system/cpu/online", "0-5,7\n");
        Write("proc/self/status", "Cpus_allowed_list:\t1-7\n");

        var topology = NodeTopology.Detect(_root);

        Assert.That(topology.NumaNodes.Select(n => n.ToString()), Is.EqualTo(new[] { "1-5,7" }));
    }

    /// <summary>A corrupt sysfs file is an error naming the file.</summary>
    [Test]
    public void Detect_CorruptCpuList_ThrowsNamingFile()
    {
        WriteNode(0, "0-x");
        Write("sys/devices/system/cpu/online", "0-3\n");

        var e = Assert.Throws<InvalidDataException>(() => NodeTopology.Detect(_root));
        Assert.That(e!.Message, Does.Contain("node0/cpulist"));
    }

    /// <summary>On this machine: at least one node, and the usable cpus are exactly what the kernel allows us.</summary>
    [Test]
    public void Detect_RealMachine_MatchesProcAndSys()
    {
        var topology = NodeTopology.Detect();
        var allowedLine = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        var allowed = CpuSet.Parse(allowedLine["Cpus_allowed_list:".Length..]);
        var online = CpuSet.Parse(File.ReadAllText("/sys/devices/system/cpu/online"));

        Assert.That(topology.NumaNodes, Is.Not.Empty);
        Assert.That(topology.UsableCpus, Is.EqualTo(online.Overlap(allowed)));
        Assert.That(topology.NumaNodes.Sum(n => n.Count), Is.EqualTo(topology.UsableCpus.Count));
    }

    /// <summary>Writes <c>node&lt;id&gt;/cpulist</c> plus the sibling files sysfs has, which must be ignored.</summary>
    private void WriteNode(int id, string cpulist)
    {
        Write($"sys/devices/system/node/node{id}/cpulist", cpulist);
        Write("sys/devices/system/node/possible", "0-15\n");
        Write("sys/devices/system/node/has_cpu", "0\n");
    }

    /// <summary>Writes a file below the fake root, creating its folder.</summary>
    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
