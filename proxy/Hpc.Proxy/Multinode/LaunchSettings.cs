namespace Hpc.Proxy.Multinode;

/// <summary>How hydra reaches the nodes.</summary>
/// <param name="Launcher">hydra's launcher: "ssh" (default), "rsh", "slurm" (inside an allocation) or "manual".</param>
/// <param name="LauncherExec">A program standing in for ssh/rsh (hydra's <c>-launcher-exec</c>), or null.</param>
/// <param name="Interface">The network interface the nodes reach each other on (hydra's <c>-iface</c>), or null.</param>
/// <param name="StartupTimeout">How long the per-node proxies may take to start (<c>--startup-timeout</c>), null for the default.</param>
internal sealed record LaunchSettings(string Launcher, string? LauncherExec, string? Interface, TimeSpan? StartupTimeout = null)
{
    /// <summary>The launchers hermit-run accepts.</summary>
    public static readonly string[] Launchers = ["ssh", "rsh", "slurm", "manual"];

    /// <summary>
    /// The default startup bound: ssh to a healthy node and the start of a .NET process take a few seconds at most, so
    /// 30 s means a node is unreachable or stuck (hydra itself waits forever on a node ssh could not reach).
    /// </summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The startup bound in force.</summary>
    public TimeSpan Startup => StartupTimeout ?? DefaultStartupTimeout;
}
