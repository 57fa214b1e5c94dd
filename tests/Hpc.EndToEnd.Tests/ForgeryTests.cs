namespace Hpc.EndToEnd.Tests;

/// <summary>
/// A job is untrusted code and the segment untrusted input: a rank that writes into another rank's or isle's ring,
/// or prints lines dressed up as another rank's or as hermit-run's own, never changes what hermit-run reports.
/// </summary>
[TestFixture]
public sealed class ForgeryTests
{
    [Test]
    public void ForgedRankExit_OnAnotherIslesRing_TheRanksTrueStatusWins()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--cores-per-isle", "1", HermitRun.TestJob, "forge-rank-exit"]);

        Assert.That(run.ExitCode, Is.EqualTo(7), run.ToString());
        Assert.That(run.Stderr, Does.Contain("isle 1 (pid ").And.Contains("exited with status 7"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void ForgedIsleExit_ThenTheIsleIsKilled_JobEndsWithTheSignal()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--cores-per-isle", "1", HermitRun.TestJob, "forge-isle-exit"]);

        Assert.That(run.ExitCode, Is.EqualTo(137), run.ToString());
        Assert.That(run.Stderr, Does.Contain("isle 1 (pid ").And.Contains("killed by signal 9 (SIGKILL)"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void ForgedConsoleLines_Tagged_EveryLineShowsItsRealRank()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--cores-per-isle", "1", "--tag-output", HermitRun.TestJob, "forge-console"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        // The reader splits lines at a carriage return too, as a terminal shows them.
        Assert.That(run.Lines, Has.All.Match(@"^\[[01]\] "), run.ToString());
        Assert.That(run.Lines.Where(l => l.Contains("forged", StringComparison.Ordinal)), Has.All.StartWith("[1] "), run.ToString());
        Assert.That(run.Lines, Has.Some.EqualTo("[0] rank 0 real"), run.ToString());
        Assert.That(run.Stdout, Does.Not.Contain("\u001b"), "no escape sequence reaches the terminal");
        Assert.That(StderrLines(run), Has.None.StartWith("hermit-run:"), run.ToString());
        Assert.That(StderrLines(run).Where(l => l.Contains("forged", StringComparison.Ordinal)), Has.All.Match(@"^\[(1|isle 1)\] "), run.ToString());
        Assert.That(StderrLines(run), Has.Some.EqualTo("[isle 1] hermit-run: forged through descriptor 2"), run.ToString());
    }

    [Test]
    public void ForgedConsoleLines_Untagged_NothingPassesForHermitRunsOwn()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--cores-per-isle", "1", HermitRun.TestJob, "forge-console"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(StderrLines(run), Has.None.StartWith("hermit-run:"), run.ToString());
        Assert.That(StderrLines(run), Has.Some.EqualTo("[1] hermit-run: rank 0 (isle 0, cpu 0) failed: forged by rank 1"), run.ToString());
        Assert.That(StderrLines(run), Has.Some.EqualTo("[isle 1] hermit-run: forged through descriptor 2"), run.ToString());
        Assert.That(run.Lines, Has.Some.EqualTo("rank 0 real"), "ordinary output stays untagged");
    }

    /// <summary>Standard error split into lines (at line feeds and carriage returns, as a terminal shows them).</summary>
    private static string[] StderrLines(RunResult run) => run.Stderr.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
}
