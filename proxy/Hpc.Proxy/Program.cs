using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Running;
using Hpc.Proxy.Running.Metal;
using Hpc.Proxy.Serving;
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
        if (args.Length > 0 && args[0] == "--doctor")
        {
            return new Doctor.IsolationDoctor(NodeTopology.Detect().UsableCpus).Print(Console.Out);
        }

        HermitRunOptions? options = new HermitRunCommand().Parse(args, out int exitCode);
        if (options is null)
        {
            return exitCode;
        }

        try
        {
            NodeTopology topology = NodeTopology.Detect();
            ClusterConfig? cluster = LoadCluster(options.ClusterFile, topology);
            NodeSpec? node = cluster?.LocalNode;
            int threads = options.ThreadsPerRank ?? cluster?.Job.Threads ?? 1;
            // Without -n: one rank per cpu, or per T cpus with --threads T.
            int np = options.Np ?? cluster?.Job.Np ?? Math.Max(1, topology.UsableCpus.Count / threads);
            var planRequest = new PlanRequest(np, options.Isles, options.CoresPerIsle, options.Target, options.Placement ?? cluster?.Job.Placement ?? PlacementPolicy.Block,
                threads);
            JobPlan plan = JobPlanner.Plan(planRequest, node, topology);
            bool metal = plan.Isles.Any(i => i.Target != IsleTarget.Process);
            if (metal)
            {
                plan = MetalPlan.Check(plan, planRequest, options.Np ?? cluster?.Job.Np, node, topology);
            }

            string? image = metal ? MetalImageBuilder.Build(options.Job, ShowProgress) : null;
            string jobPath = image ?? JobLocator.Resolve(options.Job, ShowProgress);
            var roots = new List<AllowedRoot> { new(Environment.CurrentDirectory, Writable: true) };
            roots.AddRange(cluster?.Job.Allow ?? []);
            roots.AddRange(options.Allow);
            var request = new JobRequest(jobPath, options.JobArgs, plan, roots, options.Environment, options.TagOutput, options.Timeout) { MetalImage = image };
            var console = new ConsoleSink(options.TagOutput, Console.OpenStandardOutput(), Console.OpenStandardError());
            return new JobRun(request, console).Execute();
        }
        catch (Exception e) when (e is ClusterFileException or ClusterConfigException or PlacementException or JobException)
        {
            Console.Error.WriteLine($"hermit-run: {e.Message}");
            return UsageError;
        }
    }

    /// <summary>Reads the cluster file named, or ./cluster.toml if present; null when there is none.</summary>
    private static ClusterConfig? LoadCluster(string? path, NodeTopology topology)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new JobException($"cluster file not found: {path}");
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
