using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// What the first node's hermit-run tells every per-node proxy (in <see cref="EnvironmentVariable"/>, as base64
/// JSON so no launcher's quoting can change it): the whole job as decided there. Each per-node proxy plans the same
/// global job from it and runs its own node's share.
/// </summary>
internal sealed record NodeJobSpec
{
    /// <summary>Environment variable carrying the spec.</summary>
    public const string EnvironmentVariable = "HPC_NODE_JOB";

    /// <summary>Host names of the nodes, in node order.</summary>
    public required string[] Nodes { get; init; }
    /// <summary>Ranks in the whole job.</summary>
    public required int Np { get; init; }
    /// <summary>--isles, per node.</summary>
    public int? Isles { get; init; }
    /// <summary>--cores-per-isle.</summary>
    public int? CoresPerIsle { get; init; }
    /// <summary>--threads: the cores each rank owns.</summary>
    public int ThreadsPerRank { get; init; } = 1;
    /// <summary>Ranks to nodes and to isles: "block" or "round-robin".</summary>
    public required string Placement { get; init; }
    /// <summary>--tag-output.</summary>
    public bool TagOutput { get; init; }
    /// <summary>--timeout in seconds.</summary>
    public double? TimeoutSeconds { get; init; }
    /// <summary>Writable file roots (the working directory first).</summary>
    public required string[] WritableRoots { get; init; }
    /// <summary>Read-only file roots.</summary>
    public required string[] ReadOnlyRoots { get; init; }
    /// <summary>-x variables.</summary>
    public required Dictionary<string, string> Environment { get; init; }
    /// <summary>The built job assembly (same path on every node).</summary>
    public required string JobPath { get; init; }
    /// <summary>The job's arguments.</summary>
    public required string[] JobArgs { get; init; }
    /// <summary>The cluster file, if any (same path on every node), for each node's isles.</summary>
    public string? ClusterFile { get; init; }
    /// <summary>--window-memory: bytes of each node's window memory.</summary>
    public long WindowMemory { get; init; } = Segment.SegmentLayout.DefaultWindowMemory;
    /// <summary>Whether ranks on different nodes exchange messages (a node link between the proxies).</summary>
    public bool LinkNodes { get; init; } = true;

    /// <summary>Encodes for the environment.</summary>
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, NodeJobSpecJson.Default.NodeJobSpec)));

    /// <summary>Decodes what <see cref="Encode"/> wrote; throws on anything else.</summary>
    public static NodeJobSpec Decode(string text) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetString(Convert.FromBase64String(text)), NodeJobSpecJson.Default.NodeJobSpec)
        ?? throw new JsonException("empty node job spec");
}

/// <summary>Source-generated serializer for <see cref="NodeJobSpec"/>.</summary>
[JsonSerializable(typeof(NodeJobSpec))]
internal sealed partial class NodeJobSpecJson : JsonSerializerContext;
