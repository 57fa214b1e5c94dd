namespace Hpc.Proxy.Cluster;

/// <summary>A cluster file read into its model: job defaults and the nodes.</summary>
/// <param name="SourcePath">The file it was read from, null when not from a file.</param>
/// <param name="Job">Defaults for every job.</param>
/// <param name="Nodes">The nodes in file order; names are distinct (ignoring case).</param>
internal sealed record ClusterConfig(string? SourcePath, JobDefaults Job, IReadOnlyList<NodeSpec> Nodes)
{
    /// <summary>The configuration without a file: default job settings, and no node (isles come from the topology).</summary>
    public static ClusterConfig Default { get; } = new(null, JobDefaults.Default, []);

    /// <summary>
    /// The node describing this machine: the one named <see cref="Environment.MachineName"/>, else "localhost", else
    /// the only node; a file without nodes gives <see cref="NodeSpec.Default"/>. Throws <see cref="ClusterConfigException"/>
    /// when several nodes exist and none matches.
    /// </summary>
    public NodeSpec LocalNode => NodeFor(Environment.MachineName);

    /// <summary>Like <see cref="LocalNode"/>, for a machine named <paramref name="hostName"/>.</summary>
    public NodeSpec NodeFor(string hostName)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        if (Nodes.Count == 0)
        {
            return NodeSpec.Default;
        }

        return FindNode(Nodes, hostName) ?? throw new ClusterConfigException(
            $"{SourcePath ?? "cluster configuration"}: no [[node]] is named '{hostName}' or '{NodeSpec.DefaultName}' "
            + $"(nodes: {string.Join(", ", Nodes.Select(node => node.Name))}); name one after this machine");
    }

    /// <summary>The node named <paramref name="hostName"/>, else "localhost", else the only node, else null (case-insensitive).</summary>
    public static NodeSpec? FindNode(IReadOnlyList<NodeSpec> nodes, string hostName)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(hostName);

        // Host names are case-insensitive (RFC 4343), so "Big" in the file matches a machine called "big".
        return nodes.FirstOrDefault(node => string.Equals(node.Name, hostName, StringComparison.OrdinalIgnoreCase))
            ?? nodes.FirstOrDefault(node => string.Equals(node.Name, NodeSpec.DefaultName, StringComparison.OrdinalIgnoreCase))
            ?? (nodes.Count == 1 ? nodes[0] : null);
    }
}
