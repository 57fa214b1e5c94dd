using System.Text.RegularExpressions;

namespace Hpc.EndToEnd.Tests.Multinode;

/// <summary>Jobs across three namespace nodes give what they give on one node.</summary>
[TestFixture]
[Category("Multinode")]
public sealed partial class MultinodeJobTests
{
    [Test]
    public void Hello_SixRanksOnThreeNodes_EveryRankOnceTagged()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", "--tag-output", HermitRun.Example("Hello")]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var ranks = run.Lines.Select(line => TaggedRank().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.That(ranks, Is.EquivalentTo(Enumerable.Range(0, 6)), run.ToString());
        Assert.That(run.Lines, Has.All.Contains("of 6"), run.ToString());
        NamespaceCluster.AssertNothingLeft(run);
    }

    [Test]
    public void Placement_BlockAndRoundRobin_RanksRunOnTheirNodes()
    {
        string[] nodes = NamespaceCluster.Nodes;
        RunResult block = NamespaceCluster.Run(["-n", "6", HermitRun.TestJob, "node"]);
        RunResult roundRobin = NamespaceCluster.Run(["-n", "6", "--placement", "round-robin", HermitRun.TestJob, "node"]);

        Assert.That(block.ExitCode, Is.Zero, block.ToString());
        Assert.That(roundRobin.ExitCode, Is.Zero, roundRobin.ToString());
        for (int rank = 0; rank < 6; rank++)
        {
            Assert.That(block.Lines, Does.Contain($"rank={rank} size=6 node={nodes[rank / 2]}"), block.ToString());
            Assert.That(roundRobin.Lines, Does.Contain($"rank={rank} size=6 node={nodes[rank % 3]}"), roundRobin.ToString());
        }
    }

    [Test]
    public void Output_ManyLinesPerRank_InOrderPerRank()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", "--tag-output", HermitRun.TestJob, "lines", "200"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        for (int rank = 0; rank < 6; rank++)
        {
            var mine = run.Lines.Where(line => line.StartsWith($"[{rank}] ", StringComparison.Ordinal)).ToList();
            Assert.That(mine, Has.Count.EqualTo(200), $"rank {rank}\n{run}");
            Assert.That(mine, Is.Ordered.Using<string>((a, b) => Number(a).CompareTo(Number(b))), $"rank {rank}");
        }
    }

    [Test]
    public void Pi_AcrossNodes_SameAnswerAsOneNode()
    {
        RunResult one = HermitRun.Run(["-n", "6", HermitRun.Example("Pi")]);
        RunResult three = NamespaceCluster.Run(["-n", "6", HermitRun.Example("Pi")]);

        Assert.That(three.ExitCode, Is.Zero, three.ToString());
        Assert.That(three.Stdout, Is.EqualTo(one.Stdout).And.Contains("pi ≈ 3.14159"), three.ToString());
        NamespaceCluster.AssertNothingLeft(three);
    }

    [Test]
    public void Heat2D_AcrossNodes_MatchesSerial()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.Example("Heat2D"), "48", "60"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("on 6 ranks").And.Contains("max difference vs serial 0"), run.ToString());
    }

    [TestCase("semantics")]
    [TestCase("truncate")]
    [TestCase("collectives")]
    public void MessagePassing_AcrossNodes_KeepsItsRules(string behaviour)
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.MpiJob, behaviour]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("hermit-run:"), run.ToString());
    }

    [Test]
    public void Storm_AcrossNodes_EveryMessageArrivesInOrder()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.MpiJob, "storm", "7", "60"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(line => line.StartsWith("storm ok rank", StringComparison.Ordinal)), Is.EqualTo(6), run.ToString());
    }

    [Test]
    public void Big_FourMebibytesBetweenNodes_Intact()
    {
        // Ranks 0 and 1 on different nodes: two ranks on two nodes.
        RunResult run = NamespaceCluster.Run(["-n", "2", HermitRun.MpiJob, "big", (4 << 20).ToString()], nodes: 2);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("big ok 4194304 bytes"), run.ToString());
    }

    /// <summary>The number a "lines" line ends with.</summary>
    private static int Number(string line) => int.Parse(TrailingNumber().Match(line).Groups[1].Value);

    /// <summary>"[3] Hello …".</summary>
    [GeneratedRegex(@"^\[(\d+)\] Hello from rank \1 ")]
    private static partial Regex TaggedRank();

    /// <summary>The last number on a line.</summary>
    [GeneratedRegex(@"(\d+)\D*$")]
    private static partial Regex TrailingNumber();
}
