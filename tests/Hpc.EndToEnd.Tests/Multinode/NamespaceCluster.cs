using System.Diagnostics;

namespace Hpc.EndToEnd.Tests.Multinode;

/// <summary>
/// A cluster of three network namespaces standing in for machines (tests/tools/netns-cluster: own network, own host
/// name and own boot id per node, so MPICH talks TCP between them), made once for the multi-node tests and removed
/// after them, failed or not. Where it cannot be made (not root, no <c>ip</c>, no mpiexec) the tests are skipped
/// with the reason.
/// </summary>
[SetUpFixture]
public sealed class NamespaceCluster
{
    /// <summary>Node name prefix, unique per test process so that concurrent runs never share nodes.</summary>
    private static readonly string s_prefix = $"hpe{Environment.ProcessId % 10000}";

    /// <summary>Segment files that existed before the last run (other people's jobs may run on this machine too).</summary>
    private static HashSet<string> s_segmentsBefore = [];

    /// <summary>Why the cluster is missing, or null when it is up.</summary>
    private static string? s_missing = "the namespace cluster was not set up";

    /// <summary>The folder of the cluster scripts.</summary>
    public static string Tools { get; } = Path.Combine(HermitRun.RepoRoot, "tests", "tools", "netns-cluster");

    /// <summary>The three nodes.</summary>
    public static string[] Nodes { get; } = [$"{s_prefix}a", $"{s_prefix}b", $"{s_prefix}c"];

    /// <summary>Makes the cluster.</summary>
    [OneTimeSetUp]
    public void Up()
    {
        s_missing = Environment.UserName != "root" && !File.Exists("/run/.containerenv") ? "namespaces need root (run the tests as root)"
            : !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") ? "iproute2's ip is not installed"
            : Which("mpiexec") is null ? "MPICH's mpiexec is not installed"
            : null;
        if (s_missing is null)
        {
            (int status, string output) = Script("up", s_prefix, "3");
            s_missing = status == 0 ? null : $"netns-cluster up failed ({status}): {output.Trim()}";
        }
    }

    /// <summary>Removes the cluster and whatever still runs on it.</summary>
    [OneTimeTearDown]
    public void Down() => _ = Script("down", s_prefix);

    /// <summary>Skips the calling test (with the reason) when there is no cluster.</summary>
    public static void Require()
    {
        if (s_missing is not null)
        {
            Assert.Ignore($"no namespace cluster: {s_missing}");
        }
    }

    /// <summary>Runs hermit-run on the first node with the cluster's hosts and launcher.</summary>
    internal static RunResult Run(IEnumerable<string> args, Action<Process>? whileRunning = null, int nodes = 3)
    {
        Require();
        s_segmentsBefore = [.. Leftovers.Segments()];
        string[] all = [
            "--hosts", string.Join(',', Nodes.Take(nodes)),
            "--launcher-exec", Path.Combine(Tools, "launcher"),
            "--iface", "eth0",
            .. args,
        ];
        return HermitRun.Run(all, limit: TimeSpan.FromMinutes(4), whileRunning: whileRunning, wrapper: [Path.Combine(Tools, "netns-cluster"), "exec", Nodes[0]]);
    }

    /// <summary>
    /// Process ids running on <paramref name="node"/> now: those in its network namespace and their descendants (an
    /// isle lives in namespaces of its own, started from the node's per-node proxy), but not what runs on another
    /// node (the launcher that starts another node's hydra proxy is a child of mpiexec on the first node).
    /// </summary>
    public static int[] ProcessesOn(string node)
    {
        HashSet<int> elsewhere = [.. Nodes.Where(n => n != node).SelectMany(InNamespace)];
        return LiveProcesses.WithDescendants(InNamespace(node), elsewhere);
    }

    /// <summary>Process ids in <paramref name="node"/>'s network namespace.</summary>
    private static int[] InNamespace(string node)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true };
        foreach (string arg in (string[])["netns", "pids", node])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }

    /// <summary>The first process on <paramref name="node"/> whose command line contains <paramref name="text"/>, or 0.</summary>
    public static int FindOn(string node, string text)
    {
        foreach (int pid in ProcessesOn(node))
        {
            try
            {
                string cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return 0;
    }

    /// <summary>
    /// Asserts that nothing of the last run is left on any node: no process (isles included) in any node's namespace,
    /// no segment file that appeared during the run.
    /// </summary>
    internal static void AssertNothingLeft(RunResult run)
    {
        string[] segments = [.. Leftovers.Segments().Where(s => !s_segmentsBefore.Contains(s))];
        for (int wait = 0; wait < 100 && segments.Length > 0; wait++)
        {
            Thread.Sleep(20);
            segments = [.. Leftovers.Segments().Where(s => !s_segmentsBefore.Contains(s))];
        }

        Assert.That(segments, Is.Empty, $"segments left behind\n{run}");
        foreach (string node in Nodes)
        {
            int[] left = ProcessesOn(node);
            for (int wait = 0; wait < 100 && left.Length > 0; wait++)
            {
                Thread.Sleep(20); // killed processes may take a moment to be reaped
                left = ProcessesOn(node);
            }

            Assert.That(left, Is.Empty, $"processes left on {node}\n{run}");
        }
    }

    /// <summary>Runs the cluster script.</summary>
    private static (int Status, string Output) Script(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Tools, "netns-cluster")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>The full path of a program on the PATH, or null.</summary>
    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
