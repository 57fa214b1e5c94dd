namespace Hpc.Proxy.Cluster;

/// <summary>One machine as described by a <c>[[node]]</c> table.</summary>
/// <param name="Name">The host name ("localhost" by default).</param>
/// <param name="Address">The address for multi-node jobs, if given.</param>
/// <param name="AutoIsles">True when isles come from the topology (<c>isles = "auto"</c> or no <c>[[node.isle]]</c>).</param>
/// <param name="CoresPerIsle">With auto isles: the size of each core group instead of one isle per NUMA node.</param>
/// <param name="Isles">The explicit isles; empty when <paramref name="AutoIsles"/> is true.</param>
/// <param name="Line">The 1-based line of the <c>[[node]]</c> header, 0 when not from a file.</param>
internal sealed record NodeSpec(string Name, string? Address, bool AutoIsles, int? CoresPerIsle, IReadOnlyList<IsleSpec> Isles, int Line)
{
    /// <summary>The name a node gets when <c>name</c> is not given.</summary>
    public const string DefaultName = "localhost";

    /// <summary>An auto-isle node named "localhost", used when a file describes no node.</summary>
    public static NodeSpec Default { get; } = new(DefaultName, null, true, null, [], 0);

    /// <summary>The cluster file the node was read from (for messages naming a line of it), null when not from a file.</summary>
    public string? SourcePath { get; init; }
}
