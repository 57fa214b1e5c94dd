using System.Diagnostics;
using Hpc.Hosted;
using Hpc.Proxy.Running;

namespace Hpc.Proxy.Doctor;

/// <summary>
/// The second half of <c>hermit-run --doctor</c>: what a job could reach on this host. It starts a real isle, confined
/// exactly as a job's isle is (namespaces, read-only view, capabilities, Landlock, system call filter, process
/// limit), in a mode that tries the network, UNIX sockets, other processes' /proc, capabilities, files and their
/// metadata outside the roots and the process limit, and prints what it found.
/// </summary>
internal static class ConfinementDoctor
{
    /// <summary>Prints the report; returns 0 when the job is kept out of everything, 1 otherwise.</summary>
    public static int Print(TextWriter output)
    {
        output.WriteLine($"What a job could reach from its isle (namespaces: {IsleNamespaces.Mode}):");
        string outside = Path.Combine(Path.GetTempPath(), $"hermit-run-doctor-{Environment.ProcessId}");
        File.WriteAllText(outside, "outside every root\n");
        using PidsLimit? limit = PidsLimit.Create(0);
        try
        {
            var spec = new IsleLaunchSpec
            {
                SegmentPath = "/dev/null",
                Isle = 0,
                Cpus = [.. Cluster.NodeTopology.DetectForJob().UsableCpus.Cpus],
                JobPath = Path.Combine(AppContext.BaseDirectory, "Hpc.Isle.dll"),
                JobArgs = [],
                ReadOnlyRoots = [],
                ReadWriteRoots = [],
                ProtectedRoots = [.. RuntimeFiles.Folders],
                OwnNamespaces = IsleNamespaces.Mode != IsleNamespaces.NamespaceMode.None,
                PidsCgroup = limit?.Directory,
                MaxProcesses = PidsLimit.Max,
                ReachProbeFile = outside,
                ProxyProcessId = Environment.ProcessId,
            };
            ProcessStartInfo start = IsleProcess.StartInfo(spec, new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> error = process.StandardError.ReadToEndAsync();
            string text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }

            bool allKept = true;
            foreach (string[] fields in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|', 3)).Where(f => f.Length == 3))
            {
                bool kept = fields[1] == "ok";
                allKept &= kept;
                output.WriteLine($"  {(kept ? "ok  " : "OPEN")} {fields[0],-13} {fields[2]}");
            }

            if (process.ExitCode != 0 || text.Length == 0)
            {
                output.WriteLine($"  the probe isle failed (status {process.ExitCode}): {error.Result.Trim()}");
                return 1;
            }

            return allKept ? 0 : 1;
        }
        finally
        {
            File.Delete(outside);
        }
    }
}
