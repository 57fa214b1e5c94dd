using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests that every kind of bad cluster file is refused at the right line with a clear message.</summary>
[TestFixture]
public sealed class ClusterFileErrorTests
{
    /// <summary>This machine for the tests: cpus 0-7 online, 0-3 allowed to this process.</summary>
    private static readonly NodeTopology s_local = NodeTopology.Create([CpuSet.Parse("0-7")], CpuSet.Parse("0-7"), CpuSet.Parse("0-3"));

    /// <summary>Each bad file (lines joined with '|') fails at the given line and column with the given phrase.</summary>
    [TestCase("foo = 1", 1, 1, "unknown key 'foo' at the top level (expected one of: job, node)")]
    [TestCase("[jobs]", 1, 2, "unknown table 'jobs' at the top level")]
    [TestCase("[job]|placment = \"block\"", 2, 1, "unknown key 'placment' in [job] (expected one of: placement, allow, np, threads)")]
    [TestCase("job = { placment = \"x\" }", 1, 9, "unknown key 'placment' in [job]")]
    [TestCase("[job]|a.b = 1", 2, 1, "unknown table 'a' in [job]")]
    [TestCase("[[node]]|[node.extra]|x = 1", 2, 7, "unknown table 'extra' in [[node]]")]
    [TestCase("[[node]]|nam = \"x\"", 2, 1, "unknown key 'nam' in [[node]] (expected one of: name, address, isles, cores_per_isle, isle)")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|cpu = \"1\"", 4, 1, "unknown key 'cpu' in [[node.isle]] (expected one of: cpus, memory, target)")]
    [TestCase("[node]|name = \"x\"", 1, 1, "'node' must be an array of tables (write [[node]]), not a table")]
    [TestCase("[[job]]", 1, 1, "'job' must be a table (write [job]), not an array of tables")]
    [TestCase("[job]|np = \"4\"", 2, 6, "'np' must be a whole number of at least 1, not a string")]
    [TestCase("[job]|np = 0", 2, 6, "'np' must be at least 1")]
    [TestCase("[job]|np = 3000000000", 2, 6, "'np' must be at most 65536 (the most ranks a job can have), not 3000000000")]
    [TestCase("[job]|np = 2147483647", 2, 6, "'np' must be at most 65536 (the most ranks a job can have), not 2147483647")]
    [TestCase("[job]|allow = [\"/nonexistent\"]", 2, 10, "bad 'allow' entry: '/nonexistent': no such directory")]
    [TestCase("[job]|allow = [\"/tmp:xx\"]", 2, 10, "bad 'allow' entry: '/tmp:xx' has an unknown mode ':xx' (write PATH:rw for read-write, PATH or PATH:ro for read-only)")]
    [TestCase("[job]|allow = [\"/tmp:RW\"]", 2, 10, "bad 'allow' entry: '/tmp:RW' has an unknown mode ':RW'")]
    [TestCase("[job]|allow = [\"/etc/hostname\"]", 2, 10, "bad 'allow' entry: '/etc/hostname' is a file; a root must be a directory")]
    [TestCase("a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 1, 37, "arrays or tables nested more than 32 deep")]
    [TestCase("a = \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\" # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[|b = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 2, 37, "arrays or tables nested more than 32 deep")]
    [TestCase("[job]|placement = \"scatter\"", 2, 13, "'placement' must be \"block\" or \"round-robin\", not \"scatter\"")]
    [TestCase("[job]|placement = 1", 2, 13, "'placement' must be \"block\" or \"round-robin\", not an integer")]
    [TestCase("[job]|allow = \"data\"", 2, 9, "'allow' must be an array of strings")]
    [TestCase("[job]|allow = [\"/\", 3]", 2, 15, "each 'allow' entry must be a string")]
    [TestCase("[job]|allow = [\"/\", \":rw\"]", 2, 15, "bad 'allow' entry: ':rw' names no path")]
    [TestCase("[[node]]|name = \"\"", 2, 8, "'name' must not be empty")]
    [TestCase("[[node]]|name = 5", 2, 8, "'name' must be a host name like \"node1\", not an integer")]
    [TestCase("[[node]]|address = true", 2, 11, "'address' must be an address like \"10.0.0.1\", not a boolean")]
    [TestCase("[[node]]|isles = \"manual\"", 2, 9, "'isles' must be \"auto\"")]
    [TestCase("[[node]]|isles = 2", 2, 9, "'isles' must be the string \"auto\", not an integer")]
    [TestCase("[[node]]|cores_per_isle = 0", 2, 18, "'cores_per_isle' must be at least 1, not 0")]
    [TestCase("[[node]]|cores_per_isle = 1.5", 2, 18, "'cores_per_isle' must be a whole number of at least 1, not a float")]
    [TestCase("[[node]]|isles = \"auto\"|[[node.isle]]|cpus = \"0\"", 3, 1, "node 'localhost' has isles = \"auto\" (line 2) and [[node.isle]] tables")]
    [TestCase("[[node]]|cores_per_isle = 2|[[node.isle]]|cpus = \"0\"", 2, 18, "'cores_per_isle' only applies to automatic isles")]
    [TestCase("[[node]]|name = \"a\"|[[node]]|name = \"A\"", 4, 8, "duplicate node name 'A' (the node at line 1 has it too)")]
    [TestCase("[[node]]|[[node]]", 2, 1, "duplicate node name 'localhost'")]
    [TestCase("[[node]]|[[node.isle]]|memory = \"1GiB\"", 2, 1, "[[node.isle]] needs 'cpus'")]
    [TestCase("[[node]]|[[node.isle]]|cpus = 3", 3, 8, "'cpus' must be a string like \"0-3\", not an integer")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"3-1\"", 3, 8, "bad 'cpus' \"3-1\": the range 3-1 is reversed (write 1-3)")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0,-1\"", 3, 8, "bad 'cpus' \"0,-1\": cpu ids cannot be negative")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"\"", 3, 8, "bad 'cpus' \"\": the cpu list is empty")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"zero\"", 3, 8, "bad 'cpus' \"zero\": 'zero' is not a cpu id")]
    [TestCase("[[node]]|name = \"big\"|[[node.isle]]|cpus = \"0-2\"|[[node.isle]]|cpus = \"2-3\"", 6, 8, "cpu 2 is in two isles of node 'big': isle 0 (line 3) and isle 1 (line 5)")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0-1\"|[[node.isle]]|cpus = \"2\"|[[node.isle]]|cpus = \"0-9\"", 7, 8, "cpus 0-1 are in two isles of node 'localhost': isle 0 (line 2) and isle 2 (line 6)")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0-9\"", 3, 8, "isle 0 of node 'localhost' (this machine): this machine has no online cpus 8-9 (online: 0-7)")]
    [TestCase("[[node]]|name = \"only\"|[[node.isle]]|cpus = \"2-5\"", 4, 8, "cpus 4-5 are outside the cpus this process may use (0-3;")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|memory = \"16XB\"", 4, 10, "bad 'memory': \"16XB\" has an unknown unit 'XB'")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|memory = \"0GiB\"", 4, 10, "bad 'memory': \"0GiB\" is zero")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|memory = 0", 4, 10, "'memory' must be more than 0 bytes")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|memory = true", 4, 10, "'memory' must be a size like \"16GiB\" or a whole number of bytes, not a boolean")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|target = \"vm\"", 4, 10, "'target' must be one of \"process\", \"qemu\", \"kvm\", not \"vm\"")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"0\"|target = [\"kvm\"]", 4, 10, "'target' must be one of \"process\", \"qemu\", \"kvm\", not an array")]
    public void Parse_BadFile_FailsAtLineWithMessage(string lines, int line, int column, string phrase)
    {
        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse(lines.Replace('|', '\n'), "cluster.toml", s_local));

        Assert.That(e!.Message, Does.Contain(phrase));
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Message, Does.StartWith($"cluster.toml:{line}:{column}: "));
        Assert.That(e.Message, Does.Not.Contain("\n"));
        Assert.That(e.Path, Is.EqualTo("cluster.toml"));
    }

    /// <summary>A huge key or value is quoted shortened, so the error stays one short line.</summary>
    [TestCase("{0} = 1", "unknown key 'kkkkkkkkkk")]
    [TestCase("[job]|placement = \"{0}\"", "not \"kkkkkkkkkk")]
    [TestCase("[[node]]|[[node.isle]]|cpus = \"{0}\"", "bad 'cpus' \"kkkkkkkkkk")]
    public void Parse_HugeKeyOrValue_QuotedShortened(string template, string phrase)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('k', 500_000)).Replace('|', '\n');

        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse(text, "cluster.toml", s_local));

        Assert.That(e!.Message, Does.Contain(phrase).And.Contain("… (500000 characters)"));
        Assert.That(e.Message, Has.Length.LessThan(300));
    }

    /// <summary>The message has exactly the FILE:LINE:COL: form of the documentation.</summary>
    [Test]
    public void Parse_UnknownIsleKey_GivesDocumentedMessage()
    {
        const string Text = "[[node]]\nname = \"big\"\n[[node.isle]]\ncpus = \"0-1\"\ncpu = \"4\"\n";

        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse(Text, "cluster.toml", s_local));

        Assert.That(e!.Message, Is.EqualTo("cluster.toml:5:1: unknown key 'cpu' in [[node.isle]] (expected one of: cpus, memory, target)"));
    }

    /// <summary>TOML syntax errors are reported with Tomlyn's position and message (the earliest one).</summary>
    [TestCase("[job]|np = |x = 1", 2, 6)]
    [TestCase("[job|np = 1", 1, 5)]
    [TestCase("[job]|allow = [\"a\",|", 3, 1)]
    [TestCase("[[node]]|name = \"unterminated|", 2, 21)]
    [TestCase("[job]|allow = [\"a\",", 2, 14)]
    [TestCase("= 1", 1, 1)]
    public void Parse_SyntaxError_ReportsPosition(string lines, int line, int column)
    {
        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse(lines.Replace('|', '\n'), "c.toml", s_local));

        Assert.That((e!.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Message, Does.StartWith($"c.toml:{line}:{column}: "));
    }

    /// <summary>A key written twice is refused by TOML's own rules, at the second one.</summary>
    [Test]
    public void Parse_DuplicateKey_FailsAtSecond()
    {
        var e = Assert.Throws<ClusterFileException>(() => ClusterFile.Parse("[job]\nnp = 1\nnp = 2\n", "c.toml", s_local));

        Assert.That(e!.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("already defined"));
    }
}
