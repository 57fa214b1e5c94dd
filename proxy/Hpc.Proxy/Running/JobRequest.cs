using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Running;

/// <summary>Everything hermit-run decided before starting the job.</summary>
/// <param name="JobPath">The job assembly.</param>
/// <param name="JobArgs">Arguments of every rank's entry point.</param>
/// <param name="Plan">Ranks → isles → cpus.</param>
/// <param name="Roots">File roots the job may use (the working directory included).</param>
/// <param name="Environment">Extra environment of the job (<c>-x NAME=VALUE</c>).</param>
/// <param name="TagOutput">Prefix every output line with its rank.</param>
/// <param name="Timeout">End the job after this long, or null.</param>
/// <param name="NodeName">In a job of several nodes, this node's name (it starts every message); else null.</param>
internal sealed record JobRequest(
    string JobPath,
    IReadOnlyList<string> JobArgs,
    JobPlan Plan,
    IReadOnlyList<AllowedRoot> Roots,
    IReadOnlyDictionary<string, string> Environment,
    bool TagOutput,
    TimeSpan? Timeout,
    string? NodeName = null)
{
    /// <summary>The bootable image of a job run on metal isles (--target qemu|kvm), else null.</summary>
    public string? MetalImage { get; init; }

    /// <summary>
    /// End the job with a deadlock report once every rank has been blocked this long with nothing in flight
    /// (<c>--deadlock-timeout</c>); zero (the default here) turns the report off. Only a job of one node gets one.
    /// </summary>
    public TimeSpan DeadlockTimeout { get; init; }

    /// <summary>Bytes of the segment's window memory, for shared-memory windows (<c>--window-memory</c>).</summary>
    public long WindowMemory { get; init; } = Segment.SegmentLayout.DefaultWindowMemory;

    /// <summary>A Linux executable the metal kernel boots as its module and runs (QEMU -initrd), else null.</summary>
    public string? MetalModule { get; init; }

    /// <summary>
    /// <see cref="JobPath"/> is the job published with ILCompiler (<c>--aot</c>): each hosted isle runs every one of its
    /// ranks as a child process of that executable instead of loading an assembly.
    /// </summary>
    public bool AotRanks { get; init; }
}
