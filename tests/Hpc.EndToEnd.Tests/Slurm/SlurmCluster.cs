namespace Hpc.EndToEnd.Tests.Slurm;

/// <summary>
/// A real one-node Slurm (slurmctld + slurmd + a private munged, tests/tools/slurm-cluster) started once for the
/// Slurm tests and stopped after them. Where it cannot start (not root, slurm-wlm or munge missing) the tests are
/// skipped with the reason.
/// </summary>
[SetUpFixture]
public sealed class SlurmCluster
{
    /// <summary>Why there is no Slurm, or null when it is up.</summary>
    private static string? s_missing = "the Slurm cluster was not set up";

    /// <summary>The cluster's state folder.</summary>
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), $"hpc-slurm-{Environment.ProcessId}");

    /// <summary>The cluster script.</summary>
    private static string Script => Path.Combine(HermitRun.RepoRoot, "tests", "tools", "slurm-cluster", "slurm-cluster");

    /// <summary>SLURM_CONF for clients.</summary>
    public static string Config => Path.Combine(s_folder, "slurm.conf");

    /// <summary>Starts Slurm.</summary>
    [OneTimeSetUp]
    public void Up()
    {
        s_missing = Environment.UserName != "root" ? "slurmd needs root (run the tests as root)"
            : !File.Exists("/usr/sbin/slurmctld") || !File.Exists("/usr/sbin/slurmd") || !File.Exists("/usr/bin/srun") ? "slurm-wlm (slurmctld, slurmd, slurm-client) is not installed"
            : !File.Exists("/usr/sbin/munged") ? "munge is not installed"
            : null;
        if (s_missing is null)
        {
            // Ports from the process id: two test runs on one machine never share a controller.
            int port = 20000 + (Environment.ProcessId % 5000) * 2;
            (int status, string output) = Run(Script, "up", s_folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            s_missing = status == 0 ? null : $"slurm-cluster up failed ({status}): {output.Trim()}";
        }
    }

    /// <summary>Stops Slurm, failed or not.</summary>
    [OneTimeTearDown]
    public void Down() => _ = Run(Script, "down", s_folder);

    /// <summary>Skips the calling test (with the reason) when there is no Slurm.</summary>
    public static void Require()
    {
        if (s_missing is not null)
        {
            Assert.Ignore($"no Slurm: {s_missing}");
        }
    }

    /// <summary>Runs a Slurm client command (srun, sbatch, salloc, scancel, squeue) against the cluster.</summary>
    public static (int Status, string Output) Client(string command, string workingDirectory, params string[] args)
    {
        Require();
        return Run(command, args, workingDirectory);
    }

    /// <summary>Runs <paramref name="command"/> to its end (bounded: a hang fails the test) and returns its status and both streams.</summary>
    private static (int Status, string Output) Run(string command, params string[] args) => Run(command, args, null);

    private static (int Status, string Output) Run(string command, string[] args, string? workingDirectory) =>
        ExternalCommand.Run(command, args, workingDirectory ?? HermitRun.RepoRoot, new Dictionary<string, string> { ["SLURM_CONF"] = Config }, TimeSpan.FromMinutes(4));
}
