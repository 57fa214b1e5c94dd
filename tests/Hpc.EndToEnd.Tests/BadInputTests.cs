using System.Diagnostics;

namespace Hpc.EndToEnd.Tests;

/// <summary>
/// Bad input that once crashed hermit-run, hung it or was silently ignored: each now gets one bounded line naming the
/// option or the file and line, and exit status 2.
/// </summary>
[TestFixture]
public sealed class BadInputTests
{
    /// <summary>The longest line a refusal may take (a long value is quoted shortened).</summary>
    private const int MaxLine = 500;

    [TestCase("Np above the segment's rank limit", "-n", "70000")]
    [TestCase("Np far above it", "-n", "100000")]
    [TestCase("An empty root", "--allow", "")]
    [TestCase("A root that does not exist", "--allow", "/nonexistent")]
    [TestCase("An unknown root mode", "--allow", "/tmp:xx")]
    [TestCase("A root mode in capitals", "--allow", "/tmp:RW")]
    public void Arguments_Bad_OneLineExitTwo(string why, string option, string value)
    {
        RunResult run = HermitRun.Run([option, value, HermitRun.TestJob, "who"], limit: TimeSpan.FromSeconds(60));

        AssertRefused(run, option);
    }

    [TestCase("/dev/zero", "a character device, not a regular file")]
    [TestCase("/tmp", "a directory, not a regular file")]
    public void ClusterOption_NotRegularFile_OneLineExitTwo(string path, string problem)
    {
        RunResult run = HermitRun.Run(["--cluster", path, HermitRun.TestJob, "who"], limit: TimeSpan.FromSeconds(60));

        AssertRefused(run, $"{path}:0:0: {problem}");
    }

    [TestCase("np = 2147483647", "[job]\nnp = 2147483647\n", ":2:")]
    [TestCase("allow = nonexistent", "[job]\nallow = [\"/nonexistent\"]\n", ":2:")]
    [TestCase("memory = 1KiB", "[[node]]\nname = \"localhost\"\n[[node.isle]]\ncpus = \"0\"\nmemory = \"1KiB\"\n", ":3:")]
    public void ClusterFile_Bad_OneLineExitTwo(string why, string text, string where)
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "cluster.toml"), text);

        RunResult run = HermitRun.Run([HermitRun.TestJob, "who"], folder, TimeSpan.FromSeconds(60));

        AssertRefused(run, "cluster.toml" + where);
    }

    [Test]
    public void ClusterFile_NestedTooDeep_OneLineExitTwo()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "cluster.toml"), "a = " + new string('[', 200_000) + new string(']', 200_000) + "\n");

        RunResult run = HermitRun.Run([HermitRun.TestJob, "who"], folder, TimeSpan.FromSeconds(60));

        AssertRefused(run, "cluster.toml:1:");
    }

    [Test]
    public void ClusterFile_TenMegabyteKey_OneShortLineExitTwo()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "cluster.toml"), new string('k', 10_000_000) + " = 1\n");

        RunResult run = HermitRun.Run([HermitRun.TestJob, "who"], folder, TimeSpan.FromSeconds(60));

        AssertRefused(run, "cluster.toml");
    }

    [Test]
    public void ClusterFile_Fifo_OneLineExitTwoWithoutWaiting()
    {
        string folder = HermitRun.TempFolder();
        string fifo = Path.Combine(folder, "cluster.toml");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        RunResult run = HermitRun.Run(["--cluster", fifo, HermitRun.TestJob, "who"], folder, TimeSpan.FromSeconds(60));

        AssertRefused(run, fifo);
    }

    [Test]
    public void HostFile_UnresolvableNode_EndsAfterStartupTimeoutLeavingNothing()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "hosts"), "localhost\nno-such-host.invalid\n");
        var watch = Stopwatch.StartNew();

        RunResult run = HermitRun.Run(["--hostfile", "hosts", "--startup-timeout", "5", "-n", "2", HermitRun.TestJob, "who"], folder, TimeSpan.FromSeconds(90));

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(45)), run.ToString());
        AssertRefused(run, "no-such-host.invalid");
        Assert.That(run.Stderr, Does.Contain("did not start within 5 s"), run.ToString());
        Assert.That(NoLauncherLeft(folder), Is.True, "mpiexec or ssh of the job still runs");
    }

    /// <summary>One line on standard error, starting "hermit-run: ", naming <paramref name="named"/>, bounded; exit status 2.</summary>
    private static void AssertRefused(RunResult run, string named)
    {
        string shown = run.ToString();
        shown = shown.Length > 4000 ? shown[..4000] + "…" : shown;
        Assert.That(run.ExitCode, Is.EqualTo(2), shown);
        string[] lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), shown);
        Assert.That(lines[0], Does.StartWith("hermit-run: ").And.Contains(named), shown);
        Assert.That(lines[0], Has.Length.LessThanOrEqualTo(MaxLine), shown);
    }

    /// <summary>True once no mpiexec, hydra proxy or ssh started for a job in <paramref name="folder"/> is alive (waits a little: they end after hermit-run).</summary>
    private static bool NoLauncherLeft(string folder)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int[] left = LiveProcesses.Matching(c => c.Contains("no-such-host.invalid", StringComparison.Ordinal) || (c.Contains("mpiexec", StringComparison.Ordinal) && c.Contains(folder, StringComparison.Ordinal)));
            if (left.Length == 0)
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }
}
