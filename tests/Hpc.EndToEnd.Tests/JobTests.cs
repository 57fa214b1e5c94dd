namespace Hpc.EndToEnd.Tests;

/// <summary>Jobs that run to their end: ranks, placement, arguments, environment, per-rank statics.</summary>
[TestFixture]
public sealed class JobTests
{
    [Test]
    public void Hello_64Ranks_EveryRankOnceAndExitZero()
    {
        RunResult run = HermitRun.Run(["-n", "64", HermitRun.Example("Hello")]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var ranks = run.Lines.Where(l => l.StartsWith("Hello from rank", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(' ')[3])).ToList();
        Assert.That(ranks, Is.EquivalentTo(Enumerable.Range(0, 64)), run.ToString());
        Assert.That(run.Lines, Has.All.Contains("of 64 on isle"));
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Who_CoresPerIsleOne_TwoIslesBlockPlacementAndPinnedCpus()
    {
        Assume.That(Environment.ProcessorCount, Is.GreaterThanOrEqualTo(2), "needs two cpus");
        RunResult run = HermitRun.Run(["-n", "4", "--cores-per-isle", "1", HermitRun.TestJob, "who"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var who = run.Lines.Select(ParseWho).OrderBy(w => w.Rank).ToList();
        Assert.That(who.Select(w => w.Rank), Is.EqualTo(new[] { 0, 1, 2, 3 }), run.ToString());
        Assert.That(who.Select(w => w.Isle), Is.EqualTo(new[] { 0, 0, 1, 1 }), run.ToString());
        Assert.That(who.Select(w => w.Isles).Distinct(), Is.EqualTo(new[] { 2 }));
        // Each isle has one cpu here, so a pinned rank can only be on its isle's cpu.
        Assert.That(who.Where(w => w.Isle == 0).Select(w => w.Cpu).Distinct().Count(), Is.EqualTo(1), run.ToString());
        Assert.That(who[0].Cpu, Is.Not.EqualTo(who[3].Cpu), run.ToString());
    }

    [Test]
    public void Threads_EveryThreadOfTheIsle_IsPinnedToTheIsleCpus()
    {
        RunResult run = HermitRun.Run(["-n", "1", "--cores-per-isle", "1", HermitRun.TestJob, "threads"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string[] threads = run.Lines.Where(l => l.StartsWith("thread ", StringComparison.Ordinal)).ToArray();
        Assert.That(threads, Has.Length.GreaterThan(3), "the runtime's own threads should be listed too\n" + run);
        Assert.That(threads.Select(t => t.Split(' ')[2]).Distinct(), Is.EqualTo(new[] { "0" }), run.ToString());
    }

    [Test]
    public void PlainJob_WithoutHpc_RunsOncePerRankWithOwnStatics()
    {
        RunResult run = HermitRun.Run(["-n", "5", HermitRun.PlainJob, "a", "--np", "b c"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Length.EqualTo(5), run.ToString());
        Assert.That(run.Lines, Has.All.EqualTo("plain job, calls 1, args [a|--np|b c]"));
    }

    [Test]
    public void Statics_AreFreshInEveryRank()
    {
        RunResult run = HermitRun.Run(["-n", "6", HermitRun.TestJob, "statics"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Select(l => l.Split(' ')[3]), Has.All.EqualTo("1"), run.ToString());
    }

    [Test]
    public void Args_AndEnvironment_ReachEveryRank()
    {
        RunResult run = HermitRun.Run(["-n", "2", "-x", "HPC_TEST=yes", HermitRun.TestJob, "args", "-n", "7", "x y"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Is.EquivalentTo(new[]
        {
            "rank 0 args [-n|7|x y] env HPC_TEST=yes",
            "rank 1 args [-n|7|x y] env HPC_TEST=yes",
        }));
    }

    [Test]
    public void TagOutput_PrefixesEveryLineWithItsRank()
    {
        RunResult run = HermitRun.Run(["-n", "3", "--tag-output", HermitRun.TestJob, "lines", "4"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Length.EqualTo(12));
        foreach (string line in run.Lines)
        {
            string rank = line[1..line.IndexOf(']')];
            Assert.That(line, Does.StartWith($"[{rank}] rank {rank} line "), run.ToString());
        }

        Assert.That(run.Stderr, Does.Contain("[2] rank 2 done"));
    }

    [Test]
    public void Pi_SixteenRanks_PrintsPiFromRankZero()
    {
        string folder = HermitRun.TempFolder();
        RunResult run = HermitRun.Run(["-n", "16", HermitRun.Example("Pi"), "1000000"], folder);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.Lines[0], Does.StartWith("pi ≈ 3.14159265"), run.ToString());
    }

    /// <summary>Parses "rank=R size=S isle=I isles=K cpu=C".</summary>
    private static (int Rank, int Isle, int Isles, int Cpu) ParseWho(string line)
    {
        var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => int.Parse(f[1]));
        return (fields["rank"], fields["isle"], fields["isles"], fields["cpu"]);
    }
}
