using Hpc.Benchmarks.Runner.Processes;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>
/// The namespace cluster of <c>benchmarks/run multinode</c> (tests/tools/netns-cluster): node names and how to run a
/// command on the first node with a few environment variables set. With <paramref name="Cpus"/>, node i owns cpu
/// Cpus[i]: the command on the first node runs under taskset, and the launcher (which starts every other node's
/// processes) pins them by NETNS_NODE_CPUS; a child inherits its parent's affinity, and hermit-run places its isles
/// within its own.
/// </summary>
/// <param name="Tools">The folder holding netns-cluster and its ssh stand-in, launcher.</param>
/// <param name="Nodes">The nodes, first one first.</param>
/// <param name="Cpus">The cpu each node owns, in node order; null when the nodes share every cpu.</param>
internal sealed record ClusterNodes(string Tools, IReadOnlyList<string> Nodes, IReadOnlyList<int>? Cpus = null)
{
    /// <summary>The ssh stand-in hydra uses to start processes on the nodes.</summary>
    public string Launcher => Path.Combine(Tools, "launcher");

    /// <summary>The first <paramref name="count"/> nodes, comma-separated.</summary>
    public string Hosts(int count) => string.Join(',', Nodes.Take(count));

    /// <summary><paramref name="program"/> with <paramref name="arguments"/> on the first node, with <paramref name="environment"/>.</summary>
    public ProcessCommand OnFirstNode(IReadOnlyDictionary<string, string> environment, string program, IEnumerable<string> arguments)
    {
        string[] pinning = Cpus is { } cpus
            ? [$"NETNS_NODE_CPUS={string.Join(',', Nodes.Zip(cpus, (node, cpu) => $"{node}={cpu}"))}", "taskset", "-c", cpus[0].ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : [];
        return new("env", [.. environment.Select(pair => $"{pair.Key}={pair.Value}"), .. pinning, Path.Combine(Tools, "netns-cluster"), "exec", Nodes[0], program, .. arguments]);
    }

    /// <summary>What each measure of the multinode suite keeps of the sweeps, and how much shorter its loops are.</summary>
    public static Dictionary<string, string> Shortening(string measure) => measure switch
    {
        "latency" => new() { ["HPC_BENCH_SIZES"] = "8", ["HPC_BENCH_SCALE"] = "10" },
        "bandwidth" => new() { ["HPC_BENCH_SIZES"] = "1048576,4194304", ["HPC_BENCH_SCALE"] = "2" },
        _ => new() { ["HPC_BENCH_SCALE"] = "10" },
    };
}
