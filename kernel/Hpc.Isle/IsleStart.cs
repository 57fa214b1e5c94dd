using Hpc.Hosted;

namespace Hpc.Isle;

/// <summary>The first phase of an isle: from the launch spec to a pinned, confined, re-executed process.</summary>
internal static class IsleStart
{
    /// <summary>
    /// Pins and confines the isle and re-executes it (does not return in the first phase). In the second phase
    /// returns a notice for the user when confinement was not possible, or null.
    /// </summary>
    public static string? ConfineOrContinue(IsleLaunchSpec spec)
    {
        var confinement = new IsleConfinementSpec
        {
            Cpus = spec.Cpus,
            ReadOnlyPaths = [.. spec.ReadOnlyRoots, Path.GetDirectoryName(spec.JobPath)!],
            // The segment is the one file of /dev/shm the isle may touch.
            ReadWritePaths = [.. spec.ReadWriteRoots, spec.SegmentPath],
            ProtectedPaths = spec.ProtectedRoots,
            OwnNamespaces = spec.OwnNamespaces,
            PidsCgroup = spec.PidsCgroup,
            MaxProcesses = spec.MaxProcesses,
            ExpectedParentPid = spec.ProxyProcessId,
        };
        ConfinementOutcome outcome = IsleConfinement.ConfineAndReExec(confinement);
        return outcome == ConfinementOutcome.LandlockUnavailable
            ? "Landlock is not available in this kernel: isles are pinned, but their direct file access is not confined"
            : null;
    }
}
