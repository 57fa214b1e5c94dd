using System.Globalization;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>MPICH across the namespace nodes: osu_like under mpiexec -ppn 1, started on the first node.</summary>
internal sealed class ClusterMpichContender : IContender
{
    /// <summary>The built OSU-style program.</summary>
    private readonly string _osuLike;
    /// <summary>The cluster.</summary>
    private readonly ClusterNodes _cluster;

    /// <summary>Runs the program built into <paramref name="buildDirectory"/> on <paramref name="cluster"/>.</summary>
    public ClusterMpichContender(string buildDirectory, ClusterNodes cluster)
    {
        _osuLike = Path.Combine(buildDirectory, "osu_like");
        _cluster = cluster;
    }

    /// <inheritdoc/>
    public SystemKind System => SystemKind.Mpich;

    /// <inheritdoc/>
    public string Name => "MPICH";

    /// <inheritdoc/>
    public bool CanMeasure => true;

    /// <inheritdoc/>
    public ProcessCommand Measure(string measure, int ranks) =>
        _cluster.OnFirstNode(ClusterNodes.Shortening(measure), "mpiexec", [
            "-launcher", "ssh", "-launcher-exec", _cluster.Launcher, "-iface", "eth0",
            "-hosts", _cluster.Hosts(ranks), "-ppn", "1", "-n", ranks.ToString(CultureInfo.InvariantCulture), _osuLike, measure]);

    /// <inheritdoc/>
    public ProcessCommand Start(int ranks) => throw new NotSupportedException("the multinode suite does not time starts");
}
