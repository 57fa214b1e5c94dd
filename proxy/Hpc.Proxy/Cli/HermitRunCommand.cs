using System.CommandLine;
using System.Text.RegularExpressions;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Serving;
using Hpc.Segment;

namespace Hpc.Proxy.Cli;

/// <summary>
/// The command line of hermit-run: <c>hermit-run [options] JOB [job args...]</c>. Everything after JOB belongs to
/// the job, as with mpiexec, so the job's own options never collide with hermit-run's. What hydra and Open MPI users
/// type is accepted where it maps onto hermit-run (aliases here, <see cref="MpiexecSpellings"/> for the rest) and
/// refused with one line naming the option otherwise.
/// </summary>
internal sealed class HermitRunCommand
{
    /// <summary>-n/--np.</summary>
    private readonly Option<int?> _np = new("--np", "-n") { Description = "Number of ranks (mpiexec: -np) (default: cluster.toml's job.np, else one per cpu)", HelpName = "N" };
    /// <summary>--cluster.</summary>
    private readonly Option<FileInfo?> _cluster = new("--cluster") { Description = "Cluster file (default: ./cluster.toml if present, else the node is detected)", HelpName = "FILE" };
    /// <summary>--isles.</summary>
    private readonly Option<int?> _isles = new("--isles") { Description = "Number of isles (kernel instances) on the node", HelpName = "K" };
    /// <summary>--cores-per-isle.</summary>
    private readonly Option<int?> _coresPerIsle = new("--cores-per-isle") { Description = "Make isles of G cores each instead of one per NUMA node", HelpName = "G" };
    /// <summary>--target.</summary>
    private readonly Option<string?> _target = new("--target") { Description = "Isle target: process (hosted isles), qemu (metal isles in QEMU under TCG) or kvm (needs /dev/kvm)", HelpName = "process|qemu|kvm" };
    /// <summary>--aot.</summary>
    private readonly Option<bool> _aot = new("--aot") { Description = "With --target process: publish the job with ILCompiler (NativeAOT, cached by its sources' hash) and run each rank as that executable, one confined process a rank, no JIT" };
    /// <summary>--placement.</summary>
    private readonly Option<string?> _placement = new("--placement") { Description = "Ranks to isles: block (default) or round-robin", HelpName = "block|round-robin" };
    /// <summary>--tag-output.</summary>
    private readonly Option<bool> _tagOutput = new("--tag-output", "-l", "-prepend-rank") { Description = "Prefix every output line with [rank] (hydra: -l, -prepend-rank)" };
    /// <summary>--timeout.</summary>
    private readonly Option<double?> _timeout = new("--timeout") { Description = "End the job (status 124) after this many seconds", HelpName = "SECONDS" };
    /// <summary>--deadlock-timeout.</summary>
    private readonly Option<double?> _deadlockTimeout = new("--deadlock-timeout") { Description = $"On one node: end the job (status {Deadlock.DeadlockDetector.ExitStatus}) with each rank's wait once every rank has been blocked in Hpc.Mpi this many seconds with no message in flight; 0 turns it off (default {(int)Deadlock.DeadlockDetector.DefaultBound.TotalSeconds})", HelpName = "SECONDS" };
    /// <summary>--allow.</summary>
    private readonly Option<string[]> _allow = new("--allow") { Description = "Extra file root for the job, read-only, or writable with :rw (repeatable)", HelpName = "PATH[:rw]" };
    /// <summary>--threads.</summary>
    private readonly Option<int?> _threads = new("--threads", "--cores-per-rank") { Description = "Cores each rank owns for its threads (an Hpc.OpenMp team); default 1", HelpName = "T" };
    /// <summary>-x.</summary>
    private readonly Option<string[]> _environment = new("-x") { Description = "Environment variable for the job (repeatable); -x NAME passes its value here; hydra: -genv/-env NAME VALUE", HelpName = "NAME[=VALUE]" };
    /// <summary>--quiet.</summary>
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Quiet isles: no tier-up JIT, a large gen0 budget, runtime threads on a housekeeping cpu (see Job.EnterQuietPhase)" };
    /// <summary>--quiet-fifo.</summary>
    private readonly Option<bool> _quietFifo = new("--quiet-fifo") { Description = "With --quiet: ranks in a quiet phase run under SCHED_FIFO" };
    /// <summary>--doctor (handled before parsing, see Program; listed here for --help).</summary>
    private readonly Option<bool> _doctor = new("--doctor") { Description = "Report how well the isle cores are isolated (isolcpus, nohz_full, rcu_nocbs, IRQs, governor, THP) and what a job could reach from its isle, then exit" };
    /// <summary>--iso.</summary>
    private readonly Option<string?> _iso = new("--iso") { Description = "Write a bootable ISO (GRUB, multiboot2, PC BIOS) of the metal kernel with JOB and its arguments instead of running it; boots in QEMU (-cdrom) or from a CD or USB stick, output on the first serial port", HelpName = "FILE" };
    /// <summary>--hosts.</summary>
    private readonly Option<string?> _hosts = new("--hosts", "--host") { Description = "Run on these nodes (first: this one), through MPICH's mpiexec", HelpName = "A,B,C" };
    /// <summary>--hostfile.</summary>
    private readonly Option<FileInfo?> _hostFile = new("--hostfile", "-f", "--machinefile") { Description = "Run on the nodes of an mpiexec host file", HelpName = "FILE" };
    /// <summary>--launcher.</summary>
    private readonly Option<string?> _launcher = new("--launcher") { Description = "How mpiexec reaches the nodes (default: slurm inside an allocation, else ssh)", HelpName = "ssh|rsh|slurm|manual" };
    /// <summary>--launcher-exec.</summary>
    private readonly Option<string?> _launcherExec = new("--launcher-exec") { Description = "A program standing in for ssh/rsh", HelpName = "PROGRAM" };
    /// <summary>--iface.</summary>
    private readonly Option<string?> _iface = new("--iface") { Description = "Network interface the nodes reach each other on", HelpName = "NAME" };
    /// <summary>--startup-timeout.</summary>
    private readonly Option<double?> _startupTimeout = new("--startup-timeout") { Description = $"On several nodes: end the job if the per-node proxies have not all started within this many seconds (default {(int)Multinode.LaunchSettings.DefaultStartupTimeout.TotalSeconds})", HelpName = "SECONDS" };
    /// <summary>-ppn (hydra), --npernode (Open MPI).</summary>
    private readonly Option<int?> _ranksPerNode = new("--ppn", "--npernode") { Description = "At most this many ranks a node (default -n: this many on each node)", HelpName = "N" };
    /// <summary>--map-by (Open MPI).</summary>
    private readonly Option<string?> _mapBy = new("--map-by") { Description = "core, slot, hwthread: as --placement block; node, numa, socket, package: as --placement round-robin", HelpName = "WHAT" };
    /// <summary>--bind-to (Open MPI, hydra).</summary>
    private readonly Option<string?> _bindTo = new("--bind-to") { Description = "core (what hermit-run does: each rank is bound to its core) or none (accepted; ranks stay bound)", HelpName = "core|none" };
    /// <summary>--report-bindings (Open MPI).</summary>
    private readonly Option<bool> _reportBindings = new("--report-bindings") { Description = "Print each rank's isle and cpus on stderr before the job runs" };
    /// <summary>--output-filename (Open MPI).</summary>
    private readonly Option<string?> _outputFilename = new("--output-filename") { Description = "Each rank's output to DIR/rank.N/stdout and DIR/rank.N/stderr instead of the terminal", HelpName = "DIR" };
    /// <summary>-outfile-pattern (hydra).</summary>
    private readonly Option<string?> _outfilePattern = new("--outfile-pattern") { Description = "Each rank's standard output to this file (%r: the rank, %h: the host)", HelpName = "PATTERN" };
    /// <summary>-errfile-pattern (hydra).</summary>
    private readonly Option<string?> _errfilePattern = new("--errfile-pattern") { Description = "Each rank's standard error to this file (%r: the rank, %h: the host)", HelpName = "PATTERN" };
    /// <summary>--window-memory.</summary>
    private readonly Option<string?> _windowMemory = new("--window-memory") { Description = $"Shared memory of each node for Hpc.Mpi shared-memory windows (Comm.AllocateSharedWindow), e.g. 256M or 2G; pages cost nothing until a window touches them (default {SegmentLayout.DefaultWindowMemory >> 20}M, 0 for none)", HelpName = "SIZE" };
    /// <summary>Where variables named by -x NAME and MPIEXEC_TIMEOUT are read.</summary>
    private readonly Func<string, string?> _environmentOf;
    /// <summary>JOB.</summary>
    private readonly Argument<string> _job = new("JOB") { Description = "A built .dll, a .csproj, or a folder holding one project (built in Release first)" };
    /// <summary>The root command.</summary>
    private readonly RootCommand _root;

    /// <summary>Defines the command, reading variables from the process environment.</summary>
    public HermitRunCommand()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>Defines the command, reading variables (-x NAME, MPIEXEC_TIMEOUT) through <paramref name="environment"/>.</summary>
    public HermitRunCommand(Func<string, string?> environment)
    {
        _environmentOf = environment;
        _root = new RootCommand("Runs a parallel .NET job on isles of this node, or of several nodes: hermit-run [options] JOB [job args...]")
        {
            _np, _cluster, _isles, _coresPerIsle, _target, _aot, _placement, _tagOutput, _timeout, _deadlockTimeout, _allow, _environment, _threads, _quiet, _quietFifo, _doctor, _iso, _hosts, _hostFile,
            _launcher, _launcherExec, _iface, _startupTimeout, _ranksPerNode, _mapBy, _bindTo, _reportBindings, _outputFilename, _outfilePattern, _errfilePattern, _windowMemory, _job,
        };
    }

    /// <summary>
    /// Parses <paramref name="args"/>. Returns the options, or null with <paramref name="exitCode"/> set when the
    /// command line was fully handled (help, version, or an error already printed as one line).
    /// </summary>
    public HermitRunOptions? Parse(string[] args, out int exitCode)
    {
        exitCode = 2;
        List<string> own;
        string[] jobArgs;
        try
        {
            (own, jobArgs) = MpiexecSpellings.Split(args, TakesValue, _environmentOf);
        }
        catch (ArgumentException e)
        {
            ErrorText.Report(e.Message);
            return null;
        }

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
            if (jobArgs.Contains(":"))
            {
                throw new RefusalException("':' (MPMD, several programs in one job) is not supported: every rank runs the one JOB; a job can branch on Job.Rank instead");
            }

            _ = BindTo(result.GetValue(_bindTo));
            return new HermitRunOptions(
                Job: result.GetValue(_job)!,
                JobArgs: jobArgs,
                Np: RankCount(result.GetValue(_np)),
                ClusterFile: result.GetValue(_cluster)?.FullName,
                Isles: Positive(result.GetValue(_isles), "--isles"),
                CoresPerIsle: Positive(result.GetValue(_coresPerIsle), "--cores-per-isle"),
                Target: ParseTarget(result.GetValue(_target)),
                Placement: Placement(ParsePlacement(result.GetValue(_placement)), result.GetValue(_mapBy)),
                TagOutput: result.GetValue(_tagOutput),
                Timeout: Seconds(result.GetValue(_timeout), "--timeout") ?? MpiexecTimeout(),
                Allow: [.. (result.GetValue(_allow) ?? []).Select(ParseAllow)],
                Environment: QuietEnvironment.With(ParseEnvironment(result.GetValue(_environment) ?? []), result.GetValue(_quiet) || result.GetValue(_quietFifo), result.GetValue(_quietFifo)),
                ThreadsPerRank: Positive(result.GetValue(_threads), "--threads"),
                Hosts: result.GetValue(_hosts),
                HostFile: result.GetValue(_hostFile)?.FullName,
                Launcher: ParseLauncher(result.GetValue(_launcher)),
                LauncherExec: result.GetValue(_launcherExec) is { } exec ? Path.GetFullPath(exec) : null,
                Interface: result.GetValue(_iface),
                StartupTimeout: Seconds(result.GetValue(_startupTimeout), "--startup-timeout"),
                DeadlockTimeout: SecondsOrOff(result.GetValue(_deadlockTimeout), "--deadlock-timeout"))
            {
                RanksPerNode = Positive(result.GetValue(_ranksPerNode), "--ppn"),
                ReportBindings = result.GetValue(_reportBindings),
                Output = Output(result),
                Aot = result.GetValue(_aot),
                WindowMemory = WindowMemory(result.GetValue(_windowMemory)),
                IsoFile = result.GetValue(_iso) is { } iso ? Path.GetFullPath(iso.Length > 0 ? iso : throw new RefusalException("--iso names no file")) : null,
            };
        }
        catch (ArgumentException e)
        {
            ErrorText.Report(e is RefusalException ? e.Message : $"{e.Message} (see hermit-run --help)");
            exitCode = 2;
            return null;
        }
    }

    /// <summary>For an option name or alias: whether it takes a value; null when no option has that name.</summary>
    private bool? TakesValue(string name)
    {
        Option? option = _root.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
        return option is null ? null : option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);
    }

    /// <summary>--placement, or what --map-by maps onto; both must agree.</summary>
    private static PlacementPolicy? Placement(PlacementPolicy? placement, string? mapBy)
    {
        PlacementPolicy? mapped = mapBy switch
        {
            null => null,
            "core" or "slot" or "hwthread" => PlacementPolicy.Block,
            "node" or "numa" or "socket" or "package" => PlacementPolicy.RoundRobin,
            _ => throw new RefusalException($"--map-by {ErrorText.Short(mapBy)} is not supported: hermit-run maps core, slot, hwthread (blocks, --placement block) or node, numa, socket, package (--placement round-robin)")
        };
        if (placement is not null && mapped is not null && placement != mapped)
        {
            throw new RefusalException($"--map-by {mapBy} and --placement {(placement == PlacementPolicy.Block ? "block" : "round-robin")} disagree");
        }

        return placement ?? mapped;
    }

    /// <summary>Checks --bind-to: every rank is bound to its core(s) already, so core and none are accepted.</summary>
    private static bool BindTo(string? value) =>
        value is null or "core" or "none" ? true
        : throw new RefusalException($"--bind-to {ErrorText.Short(value)} is not supported: every rank is bound to one core of its isle (--bind-to core), or to T cores with --threads T");

    /// <summary>MPIEXEC_TIMEOUT (hydra's and Open MPI's), used when --timeout is not given.</summary>
    private TimeSpan? MpiexecTimeout()
    {
        string? text = _environmentOf("MPIEXEC_TIMEOUT");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new RefusalException($"MPIEXEC_TIMEOUT must be a positive number of seconds, not {ErrorText.Quote(text)}");
    }

    /// <summary>--output-filename, -outfile-pattern and -errfile-pattern, or null when output goes to the terminal.</summary>
    private OutputFileNames? Output(ParseResult result)
    {
        string? directory = result.GetValue(_outputFilename);
        string? stdout = result.GetValue(_outfilePattern);
        string? stderr = result.GetValue(_errfilePattern);
        if (directory is null && stdout is null && stderr is null)
        {
            return null;
        }

        return new OutputFileNames(
            directory is null ? null : Path.GetFullPath(directory.Length > 0 ? directory : throw new RefusalException("--output-filename names no directory")),
            stdout is null ? null : OutputFileNames.CheckPattern(stdout, "-outfile-pattern"),
            stderr is null ? null : OutputFileNames.CheckPattern(stderr, "-errfile-pattern"));
    }

    /// <summary>Checks an optional count is at least 1.</summary>
    private static int? Positive(int? value, string option) =>
        value is null or > 0 ? value : throw new ArgumentException($"{option} must be at least 1, not {value}");

    /// <summary>
    /// Parses --window-memory: bytes, or a number with K, M, G or T (binary units, an optional B or iB after it),
    /// rounded up to a page.
    /// </summary>
    internal static long? WindowMemory(string? text)
    {
        if (text is null)
        {
            return null;
        }

        Match match = Regex.Match(text.Trim(), @"^(\d+)\s*([KMGT]?)(i?B)?$", RegexOptions.IgnoreCase);
        string unit = match.Groups[2].Value.ToUpperInvariant();
        int shift = unit.Length == 0 ? 0 : 10 * ("KMGT".IndexOf(unit[0], StringComparison.Ordinal) + 1);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, out long count) || count > SegmentLayout.MaxWindowMemory >> shift)
        {
            throw new ArgumentException($"--window-memory must be a size such as 256M or 2G, at most {SegmentLayout.MaxWindowMemory >> 40}T, not {ErrorText.Quote(text)}");
        }

        return SegmentLayout.AlignUp(count << shift, WindowArena.BlockAlignment);
    }

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
