using System.Net.Sockets;

namespace Hpc.EndToEnd.Tests;

/// <summary>
/// A job written the way an attacker would (tests/jobs/HostileJob) against the isle's confinement: each attempt
/// that once worked (issue 14: the proxy's diagnostics port, read-only roots and the runtime's own files written,
/// metadata outside the roots, other processes' /proc, root's capabilities, processes left behind, a fork bomb).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConfinementTests
{
    [Test]
    public void Proxy_StartedWithoutTheScript_ExposesNoDiagnosticsPort()
    {
        bool found = true;
        RunResult run = HermitRun.Run(["-n", "1", "--timeout", "3", HermitRun.TestJob, "sleep"], whileRunning: process =>
        {
            Thread.Sleep(1500); // well past the proxy's Main; the job sleeps until the timeout
            found = Directory.EnumerateFiles("/tmp", $"dotnet-diagnostic-{process.Id}-*").Any();
        });

        Assert.That(run.ExitCode, Is.EqualTo(124), run.ToString());
        Assert.That(found, Is.False, "hermit-run left a diagnostics socket a rank could connect to");
    }

    [Test]
    public void HostileJob_ReachingPastItsRoots_IsRefusedEveryTime()
    {
        string work = HermitRun.TempFolder();
        Directory.CreateDirectory(Path.Combine(work, "data"));
        string outsideFolder = HermitRun.TempFolder();
        string outside = Path.Combine(outsideFolder, "outside.txt");
        File.WriteAllText(outside, "outside");
        File.SetUnixFileMode(outside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        DateTime written = File.GetLastWriteTimeUtc(outside);
        string socketPath = Path.Combine(outsideFolder, "daemon.sock");
        using var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        daemon.Bind(new UnixDomainSocketEndPoint(socketPath));
        daemon.Listen();

        RunResult run = HermitRun.Run(
        [
            "-n", "1", "--allow", Path.Combine(work, "data"), HermitRun.HostileJob,
            "write:inside.txt", "write:data/new.txt", $"chmod:{outside}", $"chown:{outside}", $"utimes:{outside}",
            $"setxattr:{outside}", $"unix-connect:{socketPath}", "proc-others", $"read:/proc/{Environment.ProcessId}/environ",
            "capabilities", "nice",
        ], work);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Lines, Does.Contain("write inside.txt ok"), "the working directory stays writable");
            foreach (string attempt in new[] { "write data/new.txt", $"chmod {outside}", $"chown {outside}", $"utimes {outside}", $"setxattr {outside}", $"unix-connect {socketPath}", "proc-others ", $"read /proc/{Environment.ProcessId}/environ", "capabilities ", "nice " })
            {
                Assert.That(run.Lines.Where(l => l.StartsWith(attempt, StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(1).And.All.Contains(" denied"), $"{attempt}\n{run}");
            }
        });
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(work, "data", "new.txt")), Is.False);
            Assert.That(File.GetUnixFileMode(outside), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetLastWriteTimeUtc(outside), Is.EqualTo(written));
        });
    }

    [Test]
    public void HostileJob_RunFromTheCheckout_CannotWriteTheRuntime()
    {
        // Targets that do not exist yet, so a hole would leave a stray file rather than a broken checkout.
        string[] targets =
        [
            Path.Combine(HermitRun.RepoRoot, ".hostile-probe"),
            Path.Combine(Path.GetDirectoryName(HermitRun.Tool)!, ".hostile-probe"),
            Path.Combine(Path.GetDirectoryName(HermitRun.HostileJob)!, ".hostile-probe"),
        ];
        try
        {
            RunResult run = HermitRun.Run(["-n", "1", HermitRun.HostileJob, .. targets.Select(t => $"write:{t}")], HermitRun.RepoRoot);

            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.Multiple(() =>
            {
                foreach (string target in targets)
                {
                    Assert.That(run.Lines, Has.Some.StartsWith($"write {target} denied"), run.ToString());
                    Assert.That(File.Exists(target), Is.False, target);
                }
            });
        }
        finally
        {
            foreach (string target in targets)
            {
                File.Delete(target);
            }
        }
    }

    [Test]
    public void HostileJob_LeavingADaemonBehind_FailsTheJobAndTheDaemonDies()
    {
        RunResult run = HermitRun.Run(["-n", "2", HermitRun.HostileJob, "leave-child"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("the job left 2 processes (dotnet) running after its ranks returned"), run.ToString());
        Assert.That(Daemons(), Is.Empty, "a process the job started outlived it");
        Leftovers.AssertNone(run);
    }

    [Test]
    public void HostileJob_ForkBomb_IsStoppedInsideItsIsleAndHermitRunReports()
    {
        RunResult run = HermitRun.Run(["-n", "1", HermitRun.HostileJob, "fork-bomb"], environment: new Dictionary<string, string> { ["HPC_ISLE_PIDS_MAX"] = "64" });

        Assert.That(run.Lines.Single(l => l.StartsWith("fork-bomb", StringComparison.Ordinal)), Does.StartWith("fork-bomb refused after").And.EndWith("errno 11"), run.ToString());
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("running after its ranks returned; they were killed with the isle"), run.ToString());
        Assert.That(Daemons(), Is.Empty);
        Leftovers.AssertNone(run);
    }

    [Test]
    public void HostileJob_AsAnUnprivilegedUser_IsConfinedInAUserNamespace()
    {
        // HPC users are not root: the same layers come from a user namespace, and the process limit from RLIMIT_NPROC.
        Assume.That(Environment.UserName, Is.EqualTo("root"), "switching to an unprivileged uid needs root");
        string work = HermitRun.TempFolder();
        Directory.CreateDirectory(Path.Combine(work, "data"));
        File.SetUnixFileMode(work, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(Path.Combine(work, "data"), (UnixFileMode)0x1FF);
        string outside = Path.Combine(HermitRun.TempFolder(), "outside.txt");
        File.WriteAllText(outside, "outside");
        File.SetUnixFileMode(outside, (UnixFileMode)0x1B6);
        string[] asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={work}", $"DOTNET_CLI_HOME={work}"];

        RunResult run = HermitRun.Run(["-n", "1", "--allow", Path.Combine(work, "data"), HermitRun.HostileJob, "write:inside.txt", "write:data/new.txt", $"chmod:{outside}", "proc-others", "capabilities"], work, wrapper: asNobody);
        RunResult bomb = HermitRun.Run(["-n", "1", HermitRun.HostileJob, "fork-bomb"], work, wrapper: asNobody, environment: new Dictionary<string, string> { ["HPC_ISLE_PIDS_MAX"] = "64" });

        Assert.That(run.Stderr, Does.Not.Contain("without namespaces"), "no user namespaces for an unprivileged user here\n" + run);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Lines, Does.Contain("write inside.txt ok"), run.ToString());
            foreach (string attempt in new[] { "write data/new.txt", $"chmod {outside}", "proc-others ", "capabilities " })
            {
                Assert.That(run.Lines.Where(l => l.StartsWith(attempt, StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(1).And.All.Contains(" denied"), $"{attempt}\n{run}");
            }

            Assert.That(bomb.Lines.Single(l => l.StartsWith("fork-bomb", StringComparison.Ordinal)), Does.StartWith("fork-bomb refused after").And.EndWith("errno 11"), bomb.ToString());
            Assert.That(bomb.ExitCode, Is.EqualTo(1), bomb.ToString());
        });
        Assert.That(File.GetUnixFileMode(outside), Is.EqualTo((UnixFileMode)0x1B6));
        Leftovers.AssertNone(bomb);
    }

    /// <summary>Processes HostileJob started, still alive (waits up to 2 s for them to be reaped).</summary>
    private static int[] Daemons()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(2);
        int[] left;
        while ((left = LiveProcesses.Matching(c => c.Contains("HostileJob.dll\0hold", StringComparison.Ordinal))).Length > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return left;
    }
}
