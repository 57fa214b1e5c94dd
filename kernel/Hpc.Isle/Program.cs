using Hpc.Hosted;

namespace Hpc.Isle;

/// <summary>
/// Entry of a hosted isle process. Phase 1 (first start): pin, confine and re-exec, so that every thread of the
/// runtime that then starts is pinned and confined. Phase 2 (after the re-exec): run the ranks.
/// </summary>
internal static class Program
{
    /// <summary>Exit status when the isle cannot start at all (the proxy reports it with the isle named).</summary>
    private const int StartFailure = 70;

    /// <summary>Runs the isle.</summary>
    private static int Main()
    {
        string? json = Environment.GetEnvironmentVariable(IsleLaunchSpec.EnvironmentVariable);
        if (json is null)
        {
            Console.Error.WriteLine("Hpc.Isle is started by hermit-run, not by hand.");
            return 2;
        }

        try
        {
            IsleLaunchSpec spec = IsleLaunchSpec.FromJson(json);
            string? notice = IsleStart.ConfineOrContinue(spec);
            if (spec.ReachProbeFile is string probeFile)
            {
                return ReachProbe.Run(probeFile);
            }

            int status = new IsleHost(spec).Run(notice);
            // As when a process's main returns: threads a rank left running do not keep the isle alive.
            Environment.Exit(status);
            return status;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Hpc.Isle could not start: {e.GetType().Name}: {e.Message}");
            return StartFailure;
        }
    }
}
