namespace Hpc.Proxy.Nodes;

/// <summary>One node of a multi-node job.</summary>
/// <param name="Name">Its host name (what the node calls itself, and what output and errors name).</param>
/// <param name="Address">Where the launcher reaches it, if not by its name.</param>
internal sealed record ClusterNode(string Name, string? Address)
{
    /// <summary>What the launcher (ssh, the launcher program, Slurm) is given: the address, else the name.</summary>
    public string Host => Address ?? Name;
}
