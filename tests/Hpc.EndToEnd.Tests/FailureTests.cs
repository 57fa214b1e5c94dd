using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hpc.EndToEnd.Tests;

/// <summary>Every way a job can fail ends it cleanly: status kept, cause named, nothing left behind.</summary>
[TestFixture]
public sealed partial class FailureTests
{
    [Test]
    public void Exit_OneRankReturnsNonZero_JobReturnsItsStatus()
    {
        RunResult run = HermitRun.Run(["-n", "4", HermitRun.TestJob, "exit", "7", "2"]);

        Assert.That(run.ExitCode, Is.EqualTo(7), run.ToString());
        Assert.That(run.Stderr, Does.Contain("rank 2 (isle 0, cpu ").And.Contains("exited with status 7"));
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Throw_RankThrows_ExitOneWithRankTypeMessageAndStack()
    {
        RunResult run = HermitRun.Run(["-n", "8", HermitRun.TestJob, "throw", "5"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("hermit-run: rank 5 (isle 0, cpu "), run.ToString());
        Assert.That(run.Stderr, Does.Contain("System.InvalidOperationException: boom from rank 5"));
        Assert.That(run.Stderr, Does.Contain("   at Program.<Main>$"), "the stack is printed");
        Assert.That(run.Stderr, Does.Not.Contain("System.Reflection"), "no reflection frames of the isle");
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Throw_InAThreadOfARank_NamesTheIsleAndItsRanks()
    {
        RunResult run = HermitRun.Run(["-n", "2", HermitRun.TestJob, "throw-thread"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        // The runtime reports such an exception outside the rank's context: the isle's ranks are named instead.
        Assert.That(run.Stderr, Does.Contain("a thread started by rank 0-1 of isle 0").And.Contains("System.ArgumentException: thread of rank 0 failed"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Kill_RankKillsItsIsle_JobEndsWithSignalNamed()
    {
        RunResult run = HermitRun.Run(["-n", "4", "--cores-per-isle", "1", HermitRun.TestJob, "kill", "3"]);

        Assert.That(run.ExitCode, Is.EqualTo(137), run.ToString());
        Assert.That(run.Stderr, Does.Contain("killed by signal 9 (SIGKILL)"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void EnvironmentExit_EndsTheIsle_ReportedAsSuch()
    {
        RunResult run = HermitRun.Run(["-n", "3", HermitRun.TestJob, "environment-exit", "5", "1"]);

        Assert.That(run.ExitCode, Is.EqualTo(5), run.ToString());
        Assert.That(run.Stderr, Does.Contain("called Environment.Exit(5), which ended the isle while ranks 0-2 were still running"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [TestCase(0)]
    [TestCase(3)]
    public void EnvironmentExit_InTheIslesOnlyRank_IsThatRanksExit(int status)
    {
        RunResult run = HermitRun.Run(["-n", "1", HermitRun.TestJob, "environment-exit", status.ToString(), "0"]);

        Assert.That(run.ExitCode, Is.EqualTo(status), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("Environment.Exit"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Timeout_EndsTheJobWith124()
    {
        RunResult run = HermitRun.Run(["-n", "4", "--timeout", "2", HermitRun.TestJob, "sleep"]);

        Assert.That(run.ExitCode, Is.EqualTo(124), run.ToString());
        Assert.That(run.Stderr, Does.Contain("timed out after 2 s"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [TestCase(2, 130)]
    [TestCase(15, 143)]
    public void Signal_ToHermitRun_EndsTheJob(int signal, int status)
    {
        RunResult run = HermitRun.Run(["-n", "4", HermitRun.TestJob, "sleep"], whileRunning: process => SignalWhenStarted(process, signal));

        Assert.That(run.ExitCode, Is.EqualTo(status), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Kill9_OfHermitRun_IslesDieAndNoSegmentIsLeft()
    {
        RunResult run = HermitRun.Run(["-n", "4", "--cores-per-isle", "1", HermitRun.TestJob, "sleep"], whileRunning: process => SignalWhenStarted(process, 9));

        Assert.That(run.ExitCode, Is.EqualTo(137), run.ToString());
        Leftovers.AssertNone(run);
    }

    /// <summary>
    /// Waits until the isles run and have all mapped the segment (hermit-run then removes its name), then signals
    /// hermit-run. A SIGKILL before the isles attach leaves the name in /dev/shm: nobody is left to remove it.
    /// </summary>
    private static void SignalWhenStarted(Process process, int signal)
    {
        DateTime started = process.StartTime.ToUniversalTime();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(1) && (Leftovers.IsleProcesses().Length == 0 || Leftovers.SegmentsSince(started).Length > 0))
        {
            Thread.Sleep(20);
        }

        // The isles exist; give them a moment to map the segment and start their ranks.
        Thread.Sleep(1000);
        Assert.That(Kill(process.Id, signal), Is.Zero);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
