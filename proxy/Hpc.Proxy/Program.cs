using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Multinode;
using Hpc.Proxy.Nodes;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Running;
using Hpc.Proxy.Running.Metal;
using Hpc.Proxy.Serving;
using Hpc.Segment;
using Spectre.Console;

namespace Hpc.Proxy;

/// <summary>hermit-run: parse, plan, build the job if needed, run it, return its status.</summary>
internal static class Program
{
    /// <summary>Exit status for bad arguments, a bad cluster file or a job that cannot run.</summary>
    private const int UsageError = 2;

    /// <summary>Entry point.</summary>
    private static int Main(string[] args)
    {
        DiagnosticsPort.Close();
        if (args.Length > 0 && args[0] == "--doctor")
        {
            int isolation = new Doctor.IsolationDoctor(NodeTopology.DetectForJob().UsableCpus).Print(Console.Out);
            return Math.Max(isolation, Doctor.ConfinementDoctor.Print(Console.Out));
        }

        if (args is [NodeRun.Flag])
        {
            return NodeRun.Run();
        }

        HermitRunOptions? options = new HermitRunCommand().Parse(args, out int exitCode);
        if (options is null)
        {
            return exitCode;
        }

        try
        {
            if (options.IsoFile is not null)
            {
                return WriteIso(options, options.IsoFile);
            }

            NodeTopology topology = NodeTopology.DetectForJob();
            ClusterConfig? cluster = LoadCluster(options.ClusterFile, topology);
            IReadOnlyList<ClusterNode> nodes = NodeSource.Resolve(options, cluster, out bool fromSlurm);
            int threads = options.ThreadsPerRank ?? cluster?.Job.Threads ?? 1;
            if (nodes.Count > 1)
            {
                return RunOnNodes(options, cluster, topology, nodes, fromSlurm, threads);
            }

            NodeSpec? node = nodes.Count == 1 && cluster is not null ? cluster.NodeFor(nodes[0].Name) : cluster?.LocalNode;
            // Without -n: one rank per cpu, or per T cpus with --threads T.
            int? given = RankCount(options, nodes: 1);
            int np = given ?? cluster?.Job.Np ?? Math.Max(1, topology.UsableCpus.Count / threads);
            var planRequest = new PlanRequest(np, options.Isles, options.CoresPerIsle, options.Target, options.Placement ?? cluster?.Job.Placement ?? PlacementPolicy.Block,
                threads);
            JobPlan plan = JobPlanner.Plan(planRequest, node, topology);
            bool metal = plan.Isles.Any(i => i.Target != IsleTarget.Process);
            if (metal)
            {
                plan = MetalPlan.Check(plan, planRequest, given ?? cluster?.Job.Np, node, topology);
            }

            if (options.Aot && metal)
            {
                throw new JobException("--aot runs hosted isles (--target process); metal isles take the JOB itself");
            }

            // A metal isle boots the kernel with the job as its module: a Linux executable as it is, any other job
            // published by ILCompiler (the same ELF --aot runs).
            string? module = metal ? MetalModule(options.Job) : null;
            string? image = metal ? MetalImageBuilder.Build(ShowProgress) : null;
            string jobPath = image ?? (options.Aot ? Running.Aot.AotPublisher.Publish(options.Job, ShowProgress) : JobLocator.Resolve(options.Job, ShowProgress));
            var roots = new List<AllowedRoot> { new(Environment.CurrentDirectory, Writable: true) };
            roots.AddRange(cluster?.Job.Allow ?? []);
            roots.AddRange(options.Allow);
            IReadOnlyDictionary<string, string> environment = QuietHousekeeping.Apply(plan, topology, options.Environment);
            var request = new JobRequest(jobPath, options.JobArgs, plan, roots, environment, options.TagOutput, options.Timeout)
            {
                MetalImage = image,
                MetalModule = module,
                AotRanks = options.Aot,
                WindowMemory = options.WindowMemory ?? SegmentLayout.DefaultWindowMemory,
                DeadlockTimeout = options.DeadlockTimeout ?? Deadlock.DeadlockDetector.DefaultBound,
            };
            if (options.ReportBindings)
            {
                ReportBindings(plan);
            }

            var console = ConsoleSink.ForProcess(options.TagOutput, options.Output);
            return new JobRun(request, console).Execute();
        }
        catch (Exception e) when (e is ClusterFileException or ClusterConfigException or PlacementException or JobException or NodeListException)
        {
            ErrorText.Report(e.Message);
            return UsageError;
        }
    }

    /// <summary>Runs the job on several nodes: builds it here, then starts a per-node proxy on each through mpiexec.</summary>
    private static int RunOnNodes(HermitRunOptions options, ClusterConfig? cluster, NodeTopology topology, IReadOnlyList<ClusterNode> nodes, bool fromSlurm, int threads)
    {
        if (options.Target is { } target && target != IsleTarget.Process)
        {
            throw new JobException($"--target {target.ToString().ToLowerInvariant()}: jobs on several nodes run hosted isles only (--target process)");
        }

        if (options.Aot)
        {
            throw new JobException("--aot runs on one node for now (the per-node proxies start JIT isles)");
        }

        if (options.ReportBindings || options.Output is not null)
        {
            throw new JobException($"{(options.ReportBindings ? "--report-bindings" : "--output-filename/-outfile-pattern")} is not supported on several nodes yet (each node places its own ranks)");
        }

        int np = RankCount(options, nodes.Count) ?? cluster?.Job.Np ?? Math.Max(1, topology.UsableCpus.Count / threads) * nodes.Count;
        if (np < nodes.Count)
        {
            // As isles are trimmed to the rank count on one node, nodes are trimmed to it on several.
            nodes = [.. nodes.Take(np)];
        }

        string jobPath = JobLocator.Resolve(options.Job, ShowProgress);
        PlacementPolicy placement = options.Placement ?? cluster?.Job.Placement ?? PlacementPolicy.Block;
        var roots = new List<AllowedRoot> { new(Environment.CurrentDirectory, Writable: true) };
        roots.AddRange(cluster?.Job.Allow ?? []);
        roots.AddRange(options.Allow);
        var spec = new NodeJobSpec
        {
            Nodes = [.. nodes.Select(n => n.Name)],
            Np = np,
            Isles = options.Isles,
            CoresPerIsle = options.CoresPerIsle,
            ThreadsPerRank = threads,
            Placement = placement == PlacementPolicy.RoundRobin ? "round-robin" : "block",
            TagOutput = options.TagOutput,
            TimeoutSeconds = options.Timeout?.TotalSeconds,
            WritableRoots = [.. roots.Where(r => r.Writable).Select(r => r.Path)],
            ReadOnlyRoots = [.. roots.Where(r => !r.Writable).Select(r => r.Path)],
            Environment = new Dictionary<string, string>(options.Environment),
            JobPath = jobPath,
            JobArgs = [.. options.JobArgs],
            ClusterFile = cluster?.SourcePath,
            WindowMemory = options.WindowMemory ?? SegmentLayout.DefaultWindowMemory,
        };
        var settings = new LaunchSettings(options.Launcher ?? (fromSlurm ? "slurm" : "ssh"), options.LauncherExec, options.Interface, options.StartupTimeout);
        return new ClusterLaunch(nodes, spec, settings).Execute();
    }

    /// <summary>
    /// --iso FILE: builds the job as a metal run would (a Linux program as it is, any other job published by
    /// ILCompiler) and writes FILE instead of running it.
    /// </summary>
    private static int WriteIso(HermitRunOptions options, string isoFile)
    {
        string? refused = options.Aot ? "--aot"
            : options.Target == IsleTarget.Process ? "--target process"
            : options.Hosts is not null || options.HostFile is not null ? "--hosts/--hostfile"
            : options.Np > 1 ? $"-n {options.Np}"
            : options.Isles > 1 ? $"--isles {options.Isles}"
            : null;
        if (refused is not null)
        {
            throw new JobException($"--iso writes one metal isle running one rank; {refused} does not apply");
        }

        string job = Path.GetFullPath(options.Job);
        if (!File.Exists(job) && !Directory.Exists(job))
        {
            throw new JobException($"job not found: {ErrorText.Short(options.Job)}");
        }

        BootableIso.Write(isoFile, () => (MetalImageBuilder.Build(ShowProgress), MetalModule(job)), options.JobArgs, $"Hpc: {Path.GetFileName(job.TrimEnd('/'))}", ShowProgress);
        Console.WriteLine($"hermit-run: wrote {isoFile} ({new FileInfo(isoFile).Length / 1024} KiB); boot it with qemu-system-x86_64 -cdrom, or from a CD or USB stick (output on the first serial port)");
        return 0;
    }

    /// <summary>The module a metal isle boots: <paramref name="job"/> itself when it is a Linux executable, else the job published by ILCompiler.</summary>
    private static string MetalModule(string job)
    {
        string full = Path.GetFullPath(job);
        return LinuxProgramFile.IsElf(full) ? full : Running.Aot.AotPublisher.Publish(job, ShowProgress);
    }

    /// <summary>
    /// -n as given, checked against -ppn (at most that many ranks a node); -ppn × nodes when only -ppn is given; null
    /// when neither is.
    /// </summary>
    private static int? RankCount(HermitRunOptions options, int nodes)
    {
        if (options.RanksPerNode is not { } perNode)
        {
            return options.Np;
        }

        long most = (long)perNode * Math.Max(1, nodes);
        if (options.Np is { } np)
        {
            return np <= most ? np : throw new JobException($"-n {np} does not fit -ppn {perNode} on {Math.Max(1, nodes)} node(s): at most {most} ranks");
        }

        return most <= Segment.SegmentLayout.MaxRanks ? (int)most : throw new JobException($"-ppn {perNode} on {nodes} nodes makes more than {Segment.SegmentLayout.MaxRanks} ranks");
    }

    /// <summary>--report-bindings: one line a rank on standard error, with its isle and the cpus it owns.</summary>
    private static void ReportBindings(JobPlan plan)
    {
        foreach (RankPlan rank in plan.Ranks.Where(r => r.IsLocal))
        {
            int[] owned = plan.OwnedCpus(rank);
            Console.Error.WriteLine($"hermit-run: rank {rank.Rank} bound to isle {rank.Isle}, {(owned.Length == 1 ? "cpu" : "cpus")} {CpuSet.Of(owned)}");
        }
    }

    /// <summary>Reads the cluster file named, or ./cluster.toml if present; null when there is none.</summary>
    private static ClusterConfig? LoadCluster(string? path, NodeTopology topology)
    {
        // A directory is left to the reader, which says what it is instead of "not found".
        if (path is not null && !File.Exists(path) && !Directory.Exists(path))
        {
            throw new JobException($"cluster file not found: {ErrorText.Short(path, ErrorText.MaxLine / 2)}");
        }

        path ??= File.Exists("cluster.toml") ? Path.GetFullPath("cluster.toml") : null;
        return path is null ? null : ClusterFile.Load(path, topology);
    }

    /// <summary>Runs <paramref name="work"/> under a spinner on standard error (output stays the job's).</summary>
    private static void ShowProgress(string what, Action work)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Status().Start(what, _ => work());
    }
}
