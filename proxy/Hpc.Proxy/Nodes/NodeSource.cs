using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Nodes;

/// <summary>
/// Decides which nodes a job runs on: <c>--hosts</c>, else <c>--hostfile</c>, else the cluster file's nodes when
/// it lists several, else the nodes of the Slurm allocation hermit-run runs in, else this node alone (an empty list).
/// </summary>
internal static class NodeSource
{
    /// <summary>The nodes in order; <paramref name="fromSlurm"/> tells whether Slurm's list was used.</summary>
    public static IReadOnlyList<ClusterNode> Resolve(HermitRunOptions options, ClusterConfig? cluster, out bool fromSlurm)
    {
        ArgumentNullException.ThrowIfNull(options);
        fromSlurm = false;
        if (options.Hosts is { } hosts)
        {
            return WithAddresses(HostList.ParseHosts(hosts), cluster);
        }

        if (options.HostFile is { } file)
        {
            if (!InputFile.TryReadText(file, out string? text, out string? problem))
            {
                throw new NodeListException($"--hostfile {ErrorText.Short(file, ErrorText.MaxLine / 2)}: {problem}");
            }

            return WithAddresses(HostList.ParseHostFile(file, text), cluster);
        }

        if (cluster is { Nodes.Count: > 1 })
        {
            return [.. cluster.Nodes.Select(n => new ClusterNode(n.Name, n.Address))];
        }

        if ((Environment.GetEnvironmentVariable("SLURM_JOB_NODELIST") ?? Environment.GetEnvironmentVariable("SLURM_NODELIST")) is { Length: > 0 } slurm)
        {
            fromSlurm = true;
            return WithAddresses(HostList.ExpandSlurm(slurm), cluster);
        }

        return [];
    }

    /// <summary>Gives listed nodes the address the cluster file has for them, if any.</summary>
    private static IReadOnlyList<ClusterNode> WithAddresses(IReadOnlyList<ClusterNode> nodes, ClusterConfig? cluster) =>
        [.. nodes.Select(n => cluster?.Nodes.FirstOrDefault(s => string.Equals(s.Name, n.Name, StringComparison.OrdinalIgnoreCase)) is { Address: { } address } ? n with { Address = address } : n)];
}
