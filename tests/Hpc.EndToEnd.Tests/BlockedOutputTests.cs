using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Hpc.EndToEnd.Tests;

/// <summary>
/// Standard output that nobody reads (hermit-run piped into a program that never reads) must not keep a timeout or
/// a signal from ending the job: the proxy never waits on the pipe while the job should end.
/// </summary>
[TestFixture]
public sealed partial class BlockedOutputTests
{
    [Test]
    public void Timeout_StdoutNeverRead_EndsWith124AndNoIsleIsLeft()
    {
        RunResult run = RunUnread(["--timeout", "3", "-n", "2", HermitRun.TestJob, "flood"], signal: null);

        Assert.That(run.ExitCode, Is.EqualTo(124), run.ToString());
        Assert.That(run.Stderr, Does.Contain("timed out after 3 s"), run.ToString());
        Leftovers.AssertNone(run);
    }

    [Test]
    public void Sigterm_StdoutNeverRead_EndsWith143AndNoIsleIsLeft()
    {
        RunResult run = RunUnread(["-n", "2", HermitRun.TestJob, "flood"], signal: 15);

        Assert.That(run.ExitCode, Is.EqualTo(143), run.ToString());
        Leftovers.AssertNone(run);
    }

    /// <summary>
    /// Runs hermit-run with its standard output on a pipe this test never reads (it fills in a moment), optionally
    /// sends <paramref name="signal"/> once the isles are up, and returns how it ended; a run that does not end
    /// within a minute fails the test (a safety net, not a timing check).
    /// </summary>
    private static RunResult RunUnread(string[] args, int? signal)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = HermitRun.TempFolder() };
        start.ArgumentList.Add(HermitRun.Tool);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        DateTime started = DateTime.UtcNow;
        using var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.Append(e.Data).Append('\n'); } } };
        process.BeginErrorReadLine();
        if (signal is int number)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromMinutes(1) && Leftovers.IsleProcesses().Length == 0)
            {
                Thread.Sleep(20);
            }

            Thread.Sleep(2000); // the ranks fill the pipe and the proxy's queue
            Assert.That(Kill(process.Id, number), Is.Zero);
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"hermit-run {string.Join(' ', args)} did not end with its standard output blocked\nstderr:\n{stderr}");
        }

        process.WaitForExit(); // drains the standard error reader (only this overload does)
        lock (stderr)
        {
            return new RunResult(process.ExitCode, "", stderr.ToString(), process.Id) { Started = started };
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
