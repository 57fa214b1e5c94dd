using System.Diagnostics;
using System.Globalization;
using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// After NodeLink started: starts `sh` with a scrubbed environment and prints what it inherited: "child variables N"
/// (launcher variables left), one "child descriptor FD -> TARGET" per descriptor above 2 left open across exec, and
/// "child descriptors N" (their count).
/// </summary>
internal static class EnvironmentReport
{
    /// <summary>Runs the report; returns the exit code.</summary>
    public static int Run(NodeLink link)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The shell itself opens its script on no descriptor: -c keeps the count to what exec passed on. Its
        // descriptors are listed by find started as a simple command, while the shell holds nothing of its own: a
        // listing inside a pipeline raced the shell's setting up of that pipeline and counted 1 to 3 of its pipe
        // ends. The trailing exit keeps find from replacing the shell (and listing its own descriptors).
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("env | grep -cE '^(PMI_|PMIX_|MPI|HYDRA|HYDI_|UCX_)' ; find /proc/$$/fd -mindepth 1 -printf '%f %l\\n' ; exit 0");
        int removed = ChildEnvironment.Scrub(start.Environment);
        using Process child = Process.Start(start)!;
        string[] lines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        child.WaitForExit();
        Console.WriteLine($"node {link.Node} removed {removed}");
        Console.WriteLine($"node {link.Node} child variables {lines[0].Trim()}");
        int descriptors = 0;
        foreach (string line in lines.Skip(1))
        {
            string[] parts = line.Split(' ', 2);
            if (int.Parse(parts[0], CultureInfo.InvariantCulture) > 2)
            {
                descriptors++;
                Console.WriteLine($"node {link.Node} child descriptor {parts[0]} -> {(parts.Length > 1 ? parts[1] : "?")}");
            }
        }

        Console.WriteLine($"node {link.Node} child descriptors {descriptors}");
        return 0;
    }
}
