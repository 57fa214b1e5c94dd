namespace Hpc.EndToEnd.Tests;

/// <summary>
/// hermit-run's deadlock report through real jobs: a job every rank of which is blocked with nothing in flight ends
/// with status 3 and each rank's wait, a receive from a rank that returned is named at once, and a rank that computes
/// for longer than the bound is not taken for a deadlock. Limits are safety nets, never timing checks.
/// </summary>
[TestFixture]
public sealed class DeadlockTests
{
    /// <summary>Isle layouts: both ranks in one isle, one isle per core, both ranks on one core.</summary>
    private static readonly string[][] s_layouts = [[], ["--cores-per-isle", "1"], ["--isles", "1", "--cores-per-isle", "1"]];

    [Test]
    public void Crossed_BothRanksReceiveFirst_ReportedWithEachWait([Values(0, 1, 2)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", "2", .. s_layouts[layout], "--deadlock-timeout", "2", "--timeout", "120", HermitRun.MpiJob, "deadlock"]);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain(
            "hermit-run: deadlock: every rank has waited 2 s with no message in flight\n"
            + "  rank 0: Recv(source 1, tag 5) on world\n"
            + "  rank 1: Recv(source any, tag 5) on world\n"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void InCollective_BarrierAgainstReceive_NamesTheCollective()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--deadlock-timeout", "2", "--timeout", "120", HermitRun.MpiJob, "deadlock-collective"]);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain("  rank 0: Barrier on world (waiting for rank 1)\n  rank 1: Recv(source 0, tag 5) on world\n"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void InNonblockingCollective_IbarrierWaitAgainstReceive_NamesTheTransferItWaitsFor()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--deadlock-timeout", "2", "--timeout", "120", HermitRun.MpiJob, "deadlock-ibarrier"]);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain("  rank 1: Recv(source 0, tag 5) on world\n"), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"  rank 0: Wait\(source 1\b"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void FromReturned_ReceiveFromARankThatReturned_NamedAtOnce([Values(0, 1, 2)] int layout)
    {
        // A bound far beyond the test's limit: only the at-once report can end this job in time.
        RunResult run = HermitRun.Run(["-n", "2", .. s_layouts[layout], "--deadlock-timeout", "3600", "--timeout", "100", HermitRun.MpiJob, "recv-from-returned"], limit: TimeSpan.FromMinutes(3));

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Lines, Does.Contain("received 42"), "the message sent before returning must arrive\n" + run);
        Assert.That(run.Stderr, Does.Contain("hermit-run: rank 0 waits in Recv(source 1, tag 6) on world, but rank 1 has already returned"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void SlowSender_ComputesLongerThanTheBound_NotADeadlock([Values(0, 2)] int layout)
    {
        RunResult run = HermitRun.Run(["-n", "2", .. s_layouts[layout], "--deadlock-timeout", "2", HermitRun.MpiJob, "slow-sender", "4000"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Does.Contain("slow ok 7"), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("deadlock"), run.ToString());
    }

    [Test]
    public void Off_DeadlockTimeoutZero_JobHangsUntilItsTimeout()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--deadlock-timeout", "0", "--timeout", "6", HermitRun.MpiJob, "deadlock"]);

        Assert.That(run.ExitCode, Is.EqualTo(124), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("deadlock"), run.ToString());
        Leftovers.AssertNone(run);
    }
}
