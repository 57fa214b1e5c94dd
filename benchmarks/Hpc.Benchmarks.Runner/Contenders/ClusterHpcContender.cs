using System.Globalization;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>Hpc.Mpi across the namespace nodes: hermit-run --hosts on the first node, one rank per node.</summary>
internal sealed class ClusterHpcContender : IContender
{
    /// <summary>The built hermit-run.</summary>
    private readonly string _hermitRun;
    /// <summary>The built measuring job, or null.</summary>
    private readonly string? _job;
    /// <summary>The cluster.</summary>
    private readonly ClusterNodes _cluster;

    /// <summary>Runs <paramref name="job"/> with the checkout's built hermit-run on <paramref name="cluster"/>.</summary>
    public ClusterHpcContender(string root, string? job, ClusterNodes cluster)
    {
        _hermitRun = Path.Combine(root, "proxy", "Hpc.Proxy", "bin", "Release", "net10.0", "hermit-run.dll");
        _job = job;
        _cluster = cluster;
    }

    /// <inheritdoc/>
    public SystemKind System => SystemKind.Hpc;

    /// <inheritdoc/>
    public string Name => "Hpc.Mpi";

    /// <inheritdoc/>
    public bool CanMeasure => _job is not null;

    /// <inheritdoc/>
    public ProcessCommand Measure(string measure, int ranks) =>
        _cluster.OnFirstNode(ClusterNodes.Shortening(measure), "dotnet", [
            _hermitRun, "--hosts", _cluster.Hosts(ranks), "--launcher-exec", _cluster.Launcher, "--iface", "eth0",
            "-n", ranks.ToString(CultureInfo.InvariantCulture),
            _job ?? throw new InvalidOperationException("the Hpc measuring job did not build"), measure]);

    /// <inheritdoc/>
    public ProcessCommand Start(int ranks) => throw new NotSupportedException("the multinode suite does not time starts");
}
