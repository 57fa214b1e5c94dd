using System.Text.RegularExpressions;
using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="ClusterFile"/> on valid files.</summary>
[TestFixture]
public sealed class ClusterFileTests
{
    /// <summary>A file using every setting.</summary>
    private const string FullExample = """
        # every setting
        [job]
        placement = "round-robin"
        allow = ["data", "/scratch/:rw"]
        np = 4

        [[node]]
        name = "localhost"
        address = "10.0.0.1"
        isles = "auto"
        cores_per_isle = 4

        [[node]]
        name = "big"
        [[node.isle]]
        cpus = "0-31"
        memory = "16GiB"
        target = "process"
        [[node.isle]]
        cpus = "32-63"
        memory = 1024
        target = "kvm"
        """;

    /// <summary>A two-cpu machine with one NUMA node, like the development machine.</summary>
    private static readonly NodeTopology s_twoCpus = NodeTopology.Create([CpuSet.Parse("0-1")]);

    /// <summary>Every setting of the full example lands in the model.</summary>
    [Test]
    public void Parse_FullExample_FillsModel()
    {
        var config = ClusterFile.Parse(FullExample, "cluster.toml", s_twoCpus, _ => true);

        Assert.That(config.SourcePath, Is.EqualTo("cluster.toml"));
        Assert.That(config.Job.Placement, Is.EqualTo(PlacementPolicy.RoundRobin));
        Assert.That(config.Job.Np, Is.EqualTo(4));
        Assert.That(config.Job.Allow, Is.EqualTo(new[]
        {
            new AllowedRoot(Path.Combine(Directory.GetCurrentDirectory(), "data"), false),
            new AllowedRoot("/scratch", true),
        }));

        Assert.That(config.Nodes, Has.Count.EqualTo(2));
        var local = config.Nodes[0];
        Assert.That((local.Name, local.Address, local.AutoIsles, local.CoresPerIsle, local.Line), Is.EqualTo(("localhost", (string?)"10.0.0.1", true, (int?)4, 7)));
        Assert.That(local.Isles, Is.Empty);

        var big = config.Nodes[1];
        Assert.That((big.Name, big.Address, big.AutoIsles, big.CoresPerIsle, big.Line), Is.EqualTo(("big", (string?)null, false, (int?)null, 13)));
        Assert.That(big.Isles, Is.EqualTo(new[]
        {
            new IsleSpec(CpuSet.Parse("0-31"), 16L << 30, IsleTarget.Process, 15),
            new IsleSpec(CpuSet.Parse("32-63"), 1024, IsleTarget.Kvm, 19),
        }));
    }

    /// <summary>Defaults apply to everything left out; an empty file is valid.</summary>
    [Test]
    public void Parse_EmptyFile_GivesDefaults()
    {
        var config = ClusterFile.Parse("# nothing\n", "cluster.toml", s_twoCpus);

        Assert.That(config.Job, Is.EqualTo(JobDefaults.Default));
        Assert.That(config.Nodes, Is.Empty);
        Assert.That(config.NodeFor("anyhost"), Is.EqualTo(NodeSpec.Default));
    }

    /// <summary>A [[node]] without name or isles is an automatic "localhost" node.</summary>
    [Test]
    public void Parse_BareNode_IsAutomaticLocalhost()
    {
        var config = ClusterFile.Parse("[[node]]\n", "cluster.toml", s_twoCpus);

        var node = config.Nodes.Single();
        Assert.That((node.Name, node.Address, node.AutoIsles, node.CoresPerIsle, node.Line), Is.EqualTo(("localhost", (string?)null, true, (int?)null, 1)));
        Assert.That(node.Isles, Is.Empty);
    }

    /// <summary>Inline tables and dotted keys mean the same as headers.</summary>
    [Test]
    public void Parse_InlineForms_EqualHeaderForms()
    {
        const string Inline = """
            job.placement = "round-robin"
            node = [ { name = "n", isle = [ { cpus = "0" }, { cpus = "1", target = "qemu" } ] } ]
            """;
        const string Headers = """
            [job]
            placement = "round-robin"
            [[node]]
            name = "n"
            [[node.isle]]
            cpus = "0"
            [[node.isle]]
            cpus = "1"
            target = "qemu"
            """;

        var inline = ClusterFile.Parse(Inline, "a.toml", s_twoCpus);
        var headers = ClusterFile.Parse(Headers, "b.toml", s_twoCpus);

        Assert.That(inline.Job.Placement, Is.EqualTo(headers.Job.Placement));
        Assert.That(inline.Nodes.Single().Isles.Select(i => (i.Cpus, i.Target)), Is.EqualTo(headers.Nodes.Single().Isles.Select(i => (i.Cpus, i.Target))));
    }

    /// <summary>Cpus of nodes other than this machine are not checked against this machine.</summary>
    [Test]
    public void Parse_RemoteNodeWithManyCpus_IsAccepted()
    {
        const string Text = """
            [[node]]
            name = "localhost"
            [[node.isle]]
            cpus = "0-1"
            [[node]]
            name = "far-away"
            [[node.isle]]
            cpus = "0-127"
            """;

        var config = ClusterFile.Parse(Text, "cluster.toml", s_twoCpus);

        Assert.That(config.Nodes[1].Isles.Single().Cpus.Count, Is.EqualTo(128));
    }

    /// <summary>The repository's default cluster.toml is valid and describes automatic isles on localhost.</summary>
    [Test]
    public void Load_RepositoryClusterToml_IsAutomaticLocalhost()
    {
        var path = RepositoryFiles.Find("cluster.toml");

        var config = ClusterFile.Load(path, NodeTopology.Detect());

        Assert.That(config.Job.Placement, Is.EqualTo(PlacementPolicy.Block));
        Assert.That(config.Job.Np, Is.Null);
        Assert.That(config.Nodes.Single().Name, Is.EqualTo("localhost"));
        Assert.That(config.LocalNode.AutoIsles, Is.True);
    }

    /// <summary>The example in docs/cluster-toml.md is valid.</summary>
    [Test]
    public void Parse_DocumentationExample_IsValid()
    {
        var markdown = File.ReadAllText(RepositoryFiles.Find("docs/cluster-toml.md"));
        var example = Regex.Match(markdown, "## A full example\\s+```toml\\n(?<toml>.*?)```", RegexOptions.Singleline).Groups["toml"].Value;
        Assume.That(example, Is.Not.Empty, "the documentation has a full example");

        // The example's roots belong to the machine it describes, not to this one.
        var config = ClusterFile.Parse(example, "docs.toml", s_twoCpus, _ => true);

        Assert.That(config.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "localhost", "big" }));
        Assert.That(config.Nodes[1].Isles.Select(i => i.Target), Is.EqualTo(new[] { IsleTarget.Process, IsleTarget.Kvm }));
    }

    /// <summary>Load reads a real file and records its path.</summary>
    [Test]
    public void Load_File_RecordsSourcePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hpc-cluster-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "[job]\nnp = 3\n");
        try
        {
            var config = ClusterFile.Load(path, s_twoCpus);
            Assert.That((config.SourcePath, config.Job.Np), Is.EqualTo((path, (int?)3)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A path that is not a regular file (a directory, a device, a FIFO) is refused at line 0, unopened.</summary>
    [TestCase("/tmp", "a directory, not a regular file")]
    [TestCase("/dev/zero", "a character device, not a regular file")]
    [TestCase("/dev/null", "a character device, not a regular file")]
    public void Load_NotRegularFile_ThrowsAtLineZero(string path, string problem)
    {
        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Load(path, s_twoCpus));

        Assert.That((e!.Line, e.Column), Is.EqualTo((0, 0)));
        Assert.That(e.Message, Is.EqualTo($"{path}:0:0: {problem}"));
    }

    /// <summary>A FIFO is refused without waiting for a writer.</summary>
    [Test, CancelAfter(10_000)]
    public void Load_Fifo_ThrowsWithoutBlocking()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hpc-cluster-{Guid.NewGuid():N}.toml");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
        }

        try
        {
            var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Load(path, s_twoCpus));
            Assert.That(e!.Message, Is.EqualTo($"{path}:0:0: a FIFO, not a regular file"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A file over the size cap is refused before it is read.</summary>
    [Test]
    public void Load_TooLarge_ThrowsAtLineZero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hpc-cluster-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, new string('#', (1 << 20) + 1));
        try
        {
            var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Load(path, s_twoCpus));
            Assert.That(e!.Message, Is.EqualTo($"{path}:0:0: the file has 1,048,577 bytes; at most 1,048,576 are read"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A missing file names the reason.</summary>
    [Test]
    public void Load_Missing_ThrowsAtLineZero()
    {
        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Load("/no/such/cluster.toml", s_twoCpus));

        Assert.That(e!.Message, Is.EqualTo("/no/such/cluster.toml:0:0: cannot read the file: No such file or directory"));
    }
}
