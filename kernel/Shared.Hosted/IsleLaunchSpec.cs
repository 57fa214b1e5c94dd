using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hpc.Hosted;

/// <summary>
/// What the proxy tells a hosted isle at launch (in the <see cref="EnvironmentVariable"/> variable): which isle it
/// is, its cpus, the job, and the file roots it may touch. Everything about ranks is in the segment.
/// </summary>
internal sealed record IsleLaunchSpec
{
    /// <summary>Environment variable carrying the spec as JSON.</summary>
    public const string EnvironmentVariable = "HPC_ISLE_SPEC";

    /// <summary>Path of the node segment in /dev/shm.</summary>
    public required string SegmentPath { get; init; }
    /// <summary>This isle's index.</summary>
    public required int Isle { get; init; }
    /// <summary>The cpus of the isle; every thread of the isle is pinned to them.</summary>
    public required int[] Cpus { get; init; }
    /// <summary>The job assembly.</summary>
    public required string JobPath { get; init; }
    /// <summary>Arguments for each rank's entry point.</summary>
    public required string[] JobArgs { get; init; }
    /// <summary>Directories the isle may read (job folder, .NET installation are added by the isle itself).</summary>
    public required string[] ReadOnlyRoots { get; init; }
    /// <summary>Directories the isle may read and write.</summary>
    public required string[] ReadWriteRoots { get; init; }
    /// <summary>Paths that stay read-only even beneath a writable root (read-only roots, the runtime's own files).</summary>
    public string[] ProtectedRoots { get; init; } = [];
    /// <summary>True when the proxy started the isle in namespaces of its own (mount, pid, network, IPC).</summary>
    public bool OwnNamespaces { get; init; }
    /// <summary>The pids cgroup the isle joins (its process limit), or null when the node offers none.</summary>
    public string? PidsCgroup { get; init; }
    /// <summary>The most processes and threads the isle may have; without a pids cgroup it becomes RLIMIT_NPROC. 0: none.</summary>
    public int MaxProcesses { get; init; }
    /// <summary>
    /// Set by <c>hermit-run --doctor</c>: instead of running ranks, the confined isle tries what a job could reach and
    /// prints it; this file (outside every root) is the target of its metadata check.
    /// </summary>
    public string? ReachProbeFile { get; init; }
    /// <summary>
    /// True when <see cref="JobPath"/> is the job published with ILCompiler: the isle runs each of its ranks as a child
    /// process of that executable (see <c>Hpc.Isles.RankProcessVariables</c>) instead of loading an assembly per rank.
    /// </summary>
    public bool AotRanks { get; init; }
    /// <summary>Process id of the proxy; an isle whose parent is gone exits at once.</summary>
    public required int ProxyProcessId { get; init; }

    /// <summary>Serializes for the environment.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, IsleLaunchSpecJson.Default.IsleLaunchSpec);

    /// <summary>Parses what <see cref="ToJson"/> wrote; throws on anything else.</summary>
    public static IsleLaunchSpec FromJson(string json) =>
        JsonSerializer.Deserialize(json, IsleLaunchSpecJson.Default.IsleLaunchSpec)
        ?? throw new JsonException("empty isle launch spec");
}

/// <summary>Source-generated serializer for <see cref="IsleLaunchSpec"/> (no reflection at isle start).</summary>
[JsonSerializable(typeof(IsleLaunchSpec))]
internal sealed partial class IsleLaunchSpecJson : JsonSerializerContext;
