using Hpc.Benchmarks.Runner.Processes;

namespace Hpc.Benchmarks.Runner.Tests.Processes;

/// <summary>Real child processes: output, status, and the time limit.</summary>
[TestFixture]
internal sealed class ChildProcessTests
{
    /// <summary>Standard output comes back line by line, standard error as text, with the exit status.</summary>
    [Test]
    public void Run_ShellCommand_CapturesOutputErrorAndStatus()
    {
        ChildResult result = ChildProcess.Run(
            new ProcessCommand("sh", ["-c", "echo 'latency 8 0.5'; echo second; echo 'it broke' >&2; exit 3"]),
            Path.GetTempPath(), TimeSpan.FromMinutes(1));

        Assert.That(result.Output, Is.EqualTo(new[] { "latency 8 0.5", "second" }));
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Describe(), Is.EqualTo("exit status 3: it broke"));
    }

    /// <summary>A child past its time limit is killed, with its own children, and reported as such.</summary>
    [Test]
    public void Run_PastTimeLimit_KilledAndTimedOut()
    {
        ChildResult result = ChildProcess.Run(
            new ProcessCommand("sh", ["-c", "sleep 600 & wait"]), Path.GetTempPath(), TimeSpan.FromMilliseconds(200));

        Assert.That(result.TimedOut, Is.True);
        Assert.That(result.Succeeded, Is.False);
    }

    /// <summary>The child's standard input is closed: a reader sees end of file at once.</summary>
    [Test]
    public void Run_ReadingInput_SeesEndOfFile()
    {
        ChildResult result = ChildProcess.Run(
            new ProcessCommand("sh", ["-c", "cat; echo done"]), Path.GetTempPath(), TimeSpan.FromMinutes(1));

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Output, Is.EqualTo(new[] { "done" }));
    }
}
