using System.Globalization;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>MPICH: benchmarks/peers/osu_like.c and hello_c.c, built into benchmarks/.build, run by hydra's mpiexec.</summary>
internal sealed class MpichContender : IContender
{
    /// <summary>The built OSU-style program.</summary>
    private readonly string _osuLike;

    /// <summary>The built MPI_Init/MPI_Finalize program.</summary>
    private readonly string _hello;

    /// <summary>Runs the programs built into <paramref name="buildDirectory"/>.</summary>
    public MpichContender(string buildDirectory)
    {
        _osuLike = Path.Combine(buildDirectory, "osu_like");
        _hello = Path.Combine(buildDirectory, "hello_c");
    }

    /// <inheritdoc/>
    public SystemKind System => SystemKind.Mpich;

    /// <inheritdoc/>
    public string Name => "MPICH";

    /// <inheritdoc/>
    public bool CanMeasure => true;

    /// <inheritdoc/>
    // Bound to cores, as hermit-run pins each rank to one cpu.
    public ProcessCommand Measure(string measure, int ranks) =>
        new("mpiexec", ["-n", ranks.ToString(CultureInfo.InvariantCulture), "-bind-to", "core", _osuLike, measure]);

    /// <inheritdoc/>
    public ProcessCommand Start(int ranks) =>
        new("mpiexec", ["-n", ranks.ToString(CultureInfo.InvariantCulture), _hello]);
}
