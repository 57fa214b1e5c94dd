using System.CommandLine;
using Hpc.Proxy.Cluster;
using Hpc.Segment;

namespace Hpc.Proxy.Cli;

/// <summary>
/// The command line of hermit-run: <c>hermit-run [options] JOB [job args...]</c>. Everything after JOB belongs to
/// the job, as with mpiexec, so the job's own options never collide with hermit-run's.
/// </summary>
internal sealed class HermitRunCommand
{
    /// <summary>-n/--np.</summary>
    private readonly Option<int?> _np = new("--np", "-n") { Description = "Number of ranks (default: cluster.toml's job.np, else one per cpu)", HelpName = "N" };
    /// <summary>--cluster.</summary>
    private readonly Option<FileInfo?> _cluster = new("--cluster") { Description = "Cluster file (default: ./cluster.toml if present, else the node is detected)", HelpName = "FILE" };
    /// <summary>--isles.</summary>
    private readonly Option<int?> _isles = new("--isles") { Description = "Number of isles (kernel instances) on the node", HelpName = "K" };
    /// <summary>--cores-per-isle.</summary>
    private readonly Option<int?> _coresPerIsle = new("--cores-per-isle") { Description = "Make isles of G cores each instead of one per NUMA node", HelpName = "G" };
    /// <summary>--target.</summary>
    private readonly Option<string?> _target = new("--target") { Description = "Isle target: process (hosted isles), qemu (metal isles in QEMU under TCG) or kvm (needs /dev/kvm)", HelpName = "process|qemu|kvm" };
    /// <summary>--placement.</summary>
    private readonly Option<string?> _placement = new("--placement") { Description = "Ranks to isles: block (default) or round-robin", HelpName = "block|round-robin" };
    /// <summary>--tag-output.</summary>
    private readonly Option<bool> _tagOutput = new("--tag-output") { Description = "Prefix every output line with [rank]" };
    /// <summary>--timeout.</summary>
    private readonly Option<double?> _timeout = new("--timeout") { Description = "End the job (status 124) after this many seconds", HelpName = "SECONDS" };
    /// <summary>--deadlock-timeout.</summary>
    private readonly Option<double?> _deadlockTimeout = new("--deadlock-timeout") { Description = $"On one node: end the job (status {Deadlock.DeadlockDetector.ExitStatus}) with each rank's wait once every rank has been blocked in Hpc.Mpi this many seconds with no message in flight; 0 turns it off (default {(int)Deadlock.DeadlockDetector.DefaultBound.TotalSeconds})", HelpName = "SECONDS" };
    /// <summary>--allow.</summary>
    private readonly Option<string[]> _allow = new("--allow") { Description = "Extra file root for the job, read-only, or writable with :rw (repeatable)", HelpName = "PATH[:rw]" };
    /// <summary>--threads.</summary>
    private readonly Option<int?> _threads = new("--threads", "--cores-per-rank") { Description = "Cores each rank owns for its threads (an Hpc.OpenMp team); default 1", HelpName = "T" };
    /// <summary>-x.</summary>
    private readonly Option<string[]> _environment = new("-x") { Description = "Environment variable for the job (repeatable)", HelpName = "NAME=VALUE" };
    /// <summary>--quiet.</summary>
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Quiet isles: no tier-up JIT, a large gen0 budget, runtime threads on a housekeeping cpu (see Job.EnterQuietPhase)" };
    /// <summary>--quiet-fifo.</summary>
    private readonly Option<bool> _quietFifo = new("--quiet-fifo") { Description = "With --quiet: ranks in a quiet phase run under SCHED_FIFO" };
    /// <summary>--doctor (handled before parsing, see Program; listed here for --help).</summary>
    private readonly Option<bool> _doctor = new("--doctor") { Description = "Report how well the isle cores are isolated (isolcpus, nohz_full, rcu_nocbs, IRQs, governor, THP) and exit" };
    /// <summary>--hosts.</summary>
    private readonly Option<string?> _hosts = new("--hosts") { Description = "Run on these nodes (first: this one), through MPICH's mpiexec", HelpName = "A,B,C" };
    /// <summary>--hostfile.</summary>
    private readonly Option<FileInfo?> _hostFile = new("--hostfile") { Description = "Run on the nodes of an mpiexec host file", HelpName = "FILE" };
    /// <summary>--launcher.</summary>
    private readonly Option<string?> _launcher = new("--launcher") { Description = "How mpiexec reaches the nodes (default: slurm inside an allocation, else ssh)", HelpName = "ssh|rsh|slurm|manual" };
    /// <summary>--launcher-exec.</summary>
    private readonly Option<string?> _launcherExec = new("--launcher-exec") { Description = "A program standing in for ssh/rsh", HelpName = "PROGRAM" };
    /// <summary>--iface.</summary>
    private readonly Option<string?> _iface = new("--iface") { Description = "Network interface the nodes reach each other on", HelpName = "NAME" };
    /// <summary>--startup-timeout.</summary>
    private readonly Option<double?> _startupTimeout = new("--startup-timeout") { Description = $"On several nodes: end the job if the per-node proxies have not all started within this many seconds (default {(int)Multinode.LaunchSettings.DefaultStartupTimeout.TotalSeconds})", HelpName = "SECONDS" };
    /// <summary>JOB.</summary>
    private readonly Argument<string> _job = new("JOB") { Description = "A built .dll, a .csproj, or a folder holding one project (built in Release first)" };
    /// <summary>The root command.</summary>
    private readonly RootCommand _root;

    /// <summary>Defines the command.</summary>
    public HermitRunCommand()
    {
        _root = new RootCommand("Runs a parallel .NET job on isles of this node, or of several nodes: hermit-run [options] JOB [job args...]")
        {
            _np, _cluster, _isles, _coresPerIsle, _target, _placement, _tagOutput, _timeout, _deadlockTimeout, _allow, _environment, _threads, _quiet, _quietFifo, _doctor, _hosts, _hostFile,
            _launcher, _launcherExec, _iface, _startupTimeout, _job,
        };
    }

    /// <summary>
    /// Parses <paramref name="args"/>. Returns the options, or null with <paramref name="exitCode"/> set when the
    /// command line was fully handled (help, version, or an error already printed as one line).
    /// </summary>
    public HermitRunOptions? Parse(string[] args, out int exitCode)
    {
        int jobIndex = JobIndex(args);
        string[] own = jobIndex < 0 ? args : args[..(jobIndex + 1)];
        string[] jobArgs = jobIndex < 0 ? [] : args[(jobIndex + 1)..];
        ParseResult result = _root.Parse(own);
        exitCode = 0;
        if (result.Errors.Count > 0 && !own.Any(a => a is "--help" or "-h" or "-?" or "--version"))
        {
            ErrorText.Report($"{result.Errors[0].Message} (see hermit-run --help)");
            exitCode = 2;
            return null;
        }

        if (result.Action is not null && result.Action != _root.Action)
        {
            // --help or --version: let the library print them.
            exitCode = result.Invoke();
            return null;
        }

        try
        {
            return new HermitRunOptions(
                Job: result.GetValue(_job)!,
                JobArgs: jobArgs,
                Np: RankCount(result.GetValue(_np)),
                ClusterFile: result.GetValue(_cluster)?.FullName,
                Isles: Positive(result.GetValue(_isles), "--isles"),
                CoresPerIsle: Positive(result.GetValue(_coresPerIsle), "--cores-per-isle"),
                Target: ParseTarget(result.GetValue(_target)),
                Placement: ParsePlacement(result.GetValue(_placement)),
                TagOutput: result.GetValue(_tagOutput),
                Timeout: Seconds(result.GetValue(_timeout), "--timeout"),
                Allow: [.. (result.GetValue(_allow) ?? []).Select(ParseAllow)],
                Environment: QuietEnvironment.With(ParseEnvironment(result.GetValue(_environment) ?? []), result.GetValue(_quiet) || result.GetValue(_quietFifo), result.GetValue(_quietFifo)),
                ThreadsPerRank: Positive(result.GetValue(_threads), "--threads"),
                Hosts: result.GetValue(_hosts),
                HostFile: result.GetValue(_hostFile)?.FullName,
                Launcher: ParseLauncher(result.GetValue(_launcher)),
                LauncherExec: result.GetValue(_launcherExec) is { } exec ? Path.GetFullPath(exec) : null,
                Interface: result.GetValue(_iface),
                StartupTimeout: Seconds(result.GetValue(_startupTimeout), "--startup-timeout"),
                DeadlockTimeout: SecondsOrOff(result.GetValue(_deadlockTimeout), "--deadlock-timeout"));
        }
        catch (ArgumentException e)
        {
            ErrorText.Report($"{e.Message} (see hermit-run --help)");
            exitCode = 2;
            return null;
        }
    }

    /// <summary>
    /// Index of JOB in <paramref name="args"/>: the first token that is neither an option nor an option's value,
    /// judged by the options this command defines. -1 when there is none.
    /// </summary>
    private int JobIndex(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string token = args[i];
            if (token == "--")
            {
                return i + 1 < args.Length ? i + 1 : -1;
            }

            if (token.Length < 2 || token[0] != '-')
            {
                return i;
            }

            string name = token.Split('=', 2)[0];
            Option? option = _root.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
            if (option is not null && !token.Contains('=') && option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool))
            {
                i++; // the option's value
            }
        }

        return -1;
    }

    /// <summary>Checks an optional count is at least 1.</summary>
    private static int? Positive(int? value, string option) =>
        value is null or > 0 ? value : throw new ArgumentException($"{option} must be at least 1, not {value}");

    /// <summary>Parses --target.</summary>
    private static IsleTarget? ParseTarget(string? text) => text switch
    {
        null => null,
        "process" => IsleTarget.Process,
        "qemu" => IsleTarget.Qemu,
        "kvm" => IsleTarget.Kvm,
        _ => throw new ArgumentException($"--target must be process, qemu or kvm, not '{text}'"),
    };

    /// <summary>Parses --placement.</summary>
    private static PlacementPolicy? ParsePlacement(string? text) => text switch
    {
        null => null,
        "block" => PlacementPolicy.Block,
        "round-robin" => PlacementPolicy.RoundRobin,
        _ => throw new ArgumentException($"--placement must be block or round-robin, not '{text}'"),
    };

    /// <summary>Parses --launcher.</summary>
    private static string? ParseLauncher(string? text) =>
        text is null || Multinode.LaunchSettings.Launchers.Contains(text) ? text
        : throw new ArgumentException($"--launcher must be one of {string.Join(", ", Multinode.LaunchSettings.Launchers)}, not '{text}'");

    /// <summary>Parses a positive number of seconds given to <paramref name="option"/>.</summary>
    private static TimeSpan? Seconds(double? seconds, string option) =>
        seconds is null ? null
        : seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds.Value)
        : throw new ArgumentException($"{option} must be a positive number of seconds, not {seconds}");

    /// <summary>Parses a number of seconds given to <paramref name="option"/> where 0 means off (<see cref="TimeSpan.Zero"/>).</summary>
    private static TimeSpan? SecondsOrOff(double? seconds, string option) =>
        seconds is 0 ? TimeSpan.Zero
        : seconds is null or (> 0 and < 1e9) ? Seconds(seconds, option)
        : throw new ArgumentException($"{option} must be 0 (off) or a positive number of seconds, not {seconds}");

    /// <summary>Checks -n: at least 1, and no more ranks than a segment can describe (a larger count once crashed later on).</summary>
    private static int? RankCount(int? np) =>
        np is > SegmentLayout.MaxRanks ? throw new ArgumentException($"--np must be at most {SegmentLayout.MaxRanks} (the most ranks a job can have), not {np}")
        : Positive(np, "--np");

    /// <summary>Parses one --allow root, which must name a directory that exists.</summary>
    private static AllowedRoot ParseAllow(string text)
    {
        try
        {
            return AllowedRoot.ParseExisting(text, Environment.CurrentDirectory);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--allow: {e.Message}", e);
        }
    }

    /// <summary>Parses the -x NAME=VALUE list.</summary>
    private static Dictionary<string, string> ParseEnvironment(string[] pairs)
    {
        var environment = new Dictionary<string, string>();
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"-x takes NAME=VALUE, not '{pair}'");
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        return environment;
    }
}
