using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Nodes;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Running;
using Hpc.Proxy.Serving;
using Hpc.Segment;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The per-node proxy (hermit-run's hidden <c>--per-node</c> mode, started by hydra on every node): plans the same
/// global job as every other node, runs this node's isles exactly as a job of one node, writes the ranks' output to
/// its standard output (hydra carries it to the first node) and ends with a <see cref="NodeReport"/>. SIGTERM comes
/// only from hydra, when the job is ended because of another node: the node then ends quietly (the other reported).
/// </summary>
internal static class NodeRun
{
    /// <summary>How long the job's last output may take to be written before the node's report goes out anyway.</summary>
    private static readonly TimeSpan s_outputGrace = TimeSpan.FromSeconds(5);

    /// <summary>The hidden first argument that selects this mode.</summary>
    public const string Flag = "--per-node";

    /// <summary>Exit status for a job this node could not even start.</summary>
    private const int StartFailure = 2;

    /// <summary>Runs this node's share of the job; returns its exit status (when it returns at all).</summary>
    public static int Run()
    {
        NodeProcess.DieWithParent();
        NodeProcess.CloseInheritedOnExec();
        string? encoded = Environment.GetEnvironmentVariable(NodeJobSpec.EnvironmentVariable);
        string? pmiRank = Environment.GetEnvironmentVariable("PMI_RANK");
        if (encoded is null || !int.TryParse(pmiRank, out int node))
        {
            Console.Error.WriteLine($"hermit-run: {Flag} is started by hermit-run through mpiexec, not by hand");
            return StartFailure;
        }

        // First of all: the first node bounds how long the nodes take to start, and this node has now started.
        Console.Out.Write(NodeUp.Line(node));
        Console.Out.Flush();
        NodeJobSpec spec = NodeJobSpec.Decode(encoded);
        Environment.SetEnvironmentVariable(NodeJobSpec.EnvironmentVariable, null);
        string name = node < spec.Nodes.Length ? spec.Nodes[node] : $"#{node}";
        var console = ConsoleSink.ForProcess(spec.TagOutput);
        int status;
        NodeLinkTransport? link = null;
        try
        {
            if (spec.LinkNodes && spec.Nodes.Length > 1)
            {
                // MPI_Init here, before any isle exists: the link's thread and sockets belong to this process only.
                link = new NodeLinkTransport();
                if (link.Node != node || link.NodeCount != spec.Nodes.Length)
                {
                    throw new JobException($"MPI says this is node {link.Node} of {link.NodeCount}, hydra said {node} of {spec.Nodes.Length}");
                }
            }

            status = Execute(spec, node, name, console, link);
            if (status == 0 && link is not null)
            {
                // Every node stays until all are done: a node's proxy may still carry messages for the others.
                TimeSpan patience = spec.TimeoutSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromDays(7);
                if (link.AwaitAllDone(patience))
                {
                    _ = link.Leave(TimeSpan.FromSeconds(30));
                }
            }
        }
        catch (InvalidOperationException e) when (link is null && e.Message.StartsWith("MPI could not start", StringComparison.Ordinal))
        {
            console.Report(ErrorText.OneLine($"hermit-run: node {name}: {e.Message}"));
            status = StartFailure;
        }
        catch (Exception e) when (e is ClusterFileException or ClusterConfigException or PlacementException or JobException or ArgumentException)
        {
            console.Report(ErrorText.OneLine($"hermit-run: node {name}: {e.Message}"));
            status = StartFailure;
        }

        return Finish(node, status, console);
    }

    /// <summary>Plans and runs this node's share.</summary>
    private static int Execute(NodeJobSpec spec, int node, string name, ConsoleSink console, NodeLinkTransport? link)
    {
        if (node >= spec.Nodes.Length)
        {
            throw new JobException($"hydra started {node + 1} or more per-node proxies for {spec.Nodes.Length} nodes");
        }

        NodeTopology topology = NodeTopology.DetectForJob();
        NodeSpec? nodeSpec = spec.ClusterFile is { } file ? ClusterFile.Load(file, topology).NodeFor(name) : null;
        var policy = spec.Placement == "round-robin" ? PlacementPolicy.RoundRobin : PlacementPolicy.Block;
        var planRequest = new PlanRequest(spec.Np, spec.Isles, spec.CoresPerIsle, IsleTarget.Process, policy, spec.ThreadsPerRank);
        JobPlan plan = NodePlanner.Plan(planRequest, spec.Nodes.Length, node, nodeSpec, topology);
        var roots = spec.WritableRoots.Select(r => new AllowedRoot(r, Writable: true))
            .Concat(spec.ReadOnlyRoots.Select(r => new AllowedRoot(r, Writable: false)))
            .ToList();
        TimeSpan? timeout = spec.TimeoutSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : null;
        var request = new JobRequest(spec.JobPath, spec.JobArgs, plan, roots, spec.Environment, spec.TagOutput, timeout, name) { WindowMemory = spec.WindowMemory };
        Func<SegmentView, JobLedger, IProxyPump>? pump = link is null ? null : (segment, ledger) => new LinkedPump(segment, link, ledger, spec.Nodes);
        return new JobRun(request, console, pump).Execute();
    }

    /// <summary>
    /// Reports how this node's share ended. On failure the first node's hermit-run, reading the report, has mpiexec
    /// forward SIGTERM to every other per-node proxy, which then ends its isles and removes its segment. The job's
    /// output goes first (its writers have their own threads), but hydra not reading it cannot hold the report back.
    /// </summary>
    private static int Finish(int node, int status, ConsoleSink console)
    {
        _ = console.WaitWritten(s_outputGrace, CancellationToken.None);
        Console.Out.Write(new NodeReport(node, status).ToLine());
        Console.Out.Flush();
        return status;
    }
}
