using System.Diagnostics;
using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// After NodeLink started: starts `sh` with a scrubbed environment and prints what it inherited: "child variables N"
/// (launcher variables left) and "child descriptors N" (descriptors above 2 left open across exec).
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
        // The shell itself opens its script on no descriptor: -c keeps the count to what exec passed on.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("env | grep -cE '^(PMI_|PMIX_|MPI|HYDRA|HYDI_|UCX_)' ; ls /proc/$$/fd | awk '$1 > 2' | wc -l");
        int removed = ChildEnvironment.Scrub(start.Environment);
        using Process child = Process.Start(start)!;
        string[] lines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        child.WaitForExit();
        Console.WriteLine($"node {link.Node} removed {removed}");
        Console.WriteLine($"node {link.Node} child variables {lines[0].Trim()}");
        Console.WriteLine($"node {link.Node} child descriptors {lines[1].Trim()}");
        return 0;
    }
}
