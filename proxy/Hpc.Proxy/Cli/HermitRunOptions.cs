using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Cli;

/// <summary>The command line of hermit-run, parsed and checked.</summary>
/// <param name="Job">JOB as given.</param>
/// <param name="JobArgs">Everything after JOB.</param>
/// <param name="Np">-n, if given.</param>
/// <param name="ClusterFile">--cluster, if given.</param>
/// <param name="Isles">--isles, if given.</param>
/// <param name="CoresPerIsle">--cores-per-isle, if given.</param>
/// <param name="Target">--target, if given.</param>
/// <param name="Placement">--placement, if given.</param>
/// <param name="TagOutput">--tag-output.</param>
/// <param name="Timeout">--timeout, if given.</param>
/// <param name="Allow">--allow roots.</param>
/// <param name="Environment">-x variables.</param>
/// <param name="ThreadsPerRank">--threads (--cores-per-rank), if given.</param>
/// <param name="Hosts">--hosts, if given.</param>
/// <param name="HostFile">--hostfile, if given.</param>
/// <param name="Launcher">--launcher, if given.</param>
/// <param name="LauncherExec">--launcher-exec, if given (absolute).</param>
/// <param name="Interface">--iface, if given.</param>
/// <param name="StartupTimeout">--startup-timeout, if given.</param>
/// <param name="DeadlockTimeout">--deadlock-timeout, if given (<see cref="TimeSpan.Zero"/>: off).</param>
internal sealed record HermitRunOptions(
    string Job,
    IReadOnlyList<string> JobArgs,
    int? Np,
    string? ClusterFile,
    int? Isles,
    int? CoresPerIsle,
    IsleTarget? Target,
    PlacementPolicy? Placement,
    bool TagOutput,
    TimeSpan? Timeout,
    IReadOnlyList<AllowedRoot> Allow,
    IReadOnlyDictionary<string, string> Environment,
    int? ThreadsPerRank = null,
    string? Hosts = null,
    string? HostFile = null,
    string? Launcher = null,
    string? LauncherExec = null,
    string? Interface = null,
    TimeSpan? StartupTimeout = null,
    TimeSpan? DeadlockTimeout = null)
{
    /// <summary>-ppn/--npernode: at most this many ranks a node, if given.</summary>
    public int? RanksPerNode { get; init; }

    /// <summary>--report-bindings: print each rank's isle and cpus before the job runs.</summary>
    public bool ReportBindings { get; init; }

    /// <summary>--output-filename / -outfile-pattern / -errfile-pattern: ranks' output to files; null for the terminal.</summary>
    public Serving.OutputFileNames? Output { get; init; }

    /// <summary>--aot: the job is published with ILCompiler and each rank runs that executable as its own process.</summary>
    public bool Aot { get; init; }

    /// <summary>--window-memory: bytes of each node's window memory, if given.</summary>
    public long? WindowMemory { get; init; }

    /// <summary>--iso: the bootable ISO to write instead of running the job (absolute), if given.</summary>
    public string? IsoFile { get; init; }
}
