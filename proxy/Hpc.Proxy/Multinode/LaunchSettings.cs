namespace Hpc.Proxy.Multinode;

/// <summary>How hydra reaches the nodes.</summary>
/// <param name="Launcher">hydra's launcher: "ssh" (default), "rsh", "slurm" (inside an allocation) or "manual".</param>
/// <param name="LauncherExec">A program standing in for ssh/rsh (hydra's <c>-launcher-exec</c>), or null.</param>
/// <param name="Interface">The network interface the nodes reach each other on (hydra's <c>-iface</c>), or null.</param>
internal sealed record LaunchSettings(string Launcher, string? LauncherExec, string? Interface)
{
    /// <summary>The launchers hermit-run accepts.</summary>
    public static readonly string[] Launchers = ["ssh", "rsh", "slurm", "manual"];
}
