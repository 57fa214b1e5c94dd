namespace Hpc.EndToEnd.Tests;

/// <summary>Hpc.Mpi between ranks of one isle and of different isles, through real hermit-run jobs.</summary>
[TestFixture]
public sealed class MessagePassingTests
{
    /// <summary>Isle layouts: all ranks in one isle (threads of one process), or one isle per core (processes).</summary>
    private static readonly string[][] s_layouts = [[], ["--cores-per-isle", "1"]];

    [Test]
    public void Semantics_EachPointToPointCall([Values(1, 2, 3, 8)] int ranks, [Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", ranks.ToString(), .. s_layouts[layout], HermitRun.MpiJob, "semantics"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Where(l => l.StartsWith("semantics ok", StringComparison.Ordinal)).Count(), Is.EqualTo(ranks), run.ToString());
    }

    [Test]
    public void Collectives_AgainstSerialReferences([Values(1, 2, 3, 5, 8, 64)] int ranks, [Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", ranks.ToString(), .. s_layouts[layout], HermitRun.MpiJob, "collectives"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("collectives ok", StringComparison.Ordinal)), Is.EqualTo(ranks), run.ToString());
    }

    [TestCase(4, 1, 300, 0)]
    [TestCase(4, 2, 300, 1)]
    [TestCase(8, 3, 200, 1)]
    [TestCase(64, 4, 40, 0)]
    [TestCase(64, 5, 40, 1)]
    public void Storm_RandomMessages_NothingLostDuplicatedCorruptedOrReordered(int ranks, int seed, int messages, int layout)
    {
        RunResult run = HermitRun.Run(["-n", ranks.ToString(), .. s_layouts[layout], HermitRun.MpiJob, "storm", seed.ToString(), messages.ToString()]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("storm ok", StringComparison.Ordinal)), Is.EqualTo(ranks), run.ToString());
    }

    [Test]
    public void SharedWindow_RanksOfTheNodeShareParts([Values(1, 4)] int ranks, [Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", ranks.ToString(), .. s_layouts[layout], HermitRun.MpiJob, "window"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("window ok", StringComparison.Ordinal)), Is.EqualTo(ranks), run.ToString());
    }

    [Test]
    public void SharedWindow_LargerThanWindowMemory_EveryRankGetsTheError()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--cores-per-isle", "1", "--window-memory", "1M", HermitRun.MpiJob, "window-too-big", (3 << 20).ToString()]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.Contains("does not fit in the node's window memory", StringComparison.Ordinal) && l.Contains("of its 1048576 bytes are free", StringComparison.Ordinal)), Is.EqualTo(2), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Truncate_ReceiveBufferTooSmall_IsAnErrorForEagerAndLargeMessages([Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", "2", .. s_layouts[layout], HermitRun.MpiJob, "truncate"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Exactly(2).StartsWith("truncation detected: rank 1: a message of"), run.ToString());
    }

    [Test]
    public void Big_OneGibibyteMessage_ArrivesIntact([Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", "2", .. s_layouts[layout], HermitRun.MpiJob, "big", (1 << 30).ToString()], limit: TimeSpan.FromMinutes(5));

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Does.Contain("big ok 1073741824 bytes"), run.ToString());
    }

    [Test]
    public void DieWhileWaiting_OtherRankInReceive_JobEndsCleanly([Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", "2", .. s_layouts[layout], HermitRun.MpiJob, "die-while-waiting"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("rank 1 (isle ").And.Contains("rank 1 gives up"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Heat2D_Example_MatchesTheSerialRun([Values(1, 3, 8)] int ranks, [Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", ranks.ToString(), .. s_layouts[layout], HermitRun.Example("Heat2D"), "64", "500"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Single(), Does.Contain($"on {ranks} ranks").And.EndsWith("max difference vs serial 0"));
    }

    [Test]
    public void Abort_EndsTheWholeJobWithItsCode([Values(0, 1)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", "3", .. s_layouts[layout], HermitRun.MpiJob, "abort"]);

        Assert.That(run.ExitCode, Is.EqualTo(7), run.ToString());
        Assert.That(run.Stderr, Does.Contain("rank 2 (isle ").And.Contains("aborted the job: rank 2 of a communicator of 3 called Abort(7)"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void FromTask_CallOffTheRankThread_IsRefusedClearly()
    {
        RunResult run = HermitRun.Run(["-n", "2", HermitRun.MpiJob, "from-task"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Exactly(2).Contains("is called from the rank's own thread only"), run.ToString());
    }

    [Test]
    public void Ranks256_HelloAndAllreduce_Run()
    {
        RunResult run = HermitRun.Run(["-n", "256", HermitRun.Example("Pi"), "100000"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Single(), Does.StartWith("pi ≈ 3.14159").And.EndsWith("on 256 ranks"));
    }

    [Test]
    public void PingPong_Example_PrintsLatencyPerSize()
    {
        RunResult run = HermitRun.Run(["-n", "2", HermitRun.Example("PingPong"), "65536"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines[0], Does.Contain("one-way"));
        Assert.That(run.Lines.Skip(1).Select(l => l.Trim().Split(' ')[0]), Is.EqualTo(new[] { "0", "1", "4", "16", "64", "256", "1024", "4096", "16384", "65536" }));
    }
}
