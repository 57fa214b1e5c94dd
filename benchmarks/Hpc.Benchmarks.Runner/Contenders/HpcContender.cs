using System.Globalization;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>Hpc.Mpi: the job benchmarks/Hpc.Benchmarks.Mpi and examples/Hello, run by the checkout's hermit-run.</summary>
internal sealed class HpcContender : IContender
{
    /// <summary>The checkout's hermit-run script.</summary>
    private readonly string _hermitRun;

    /// <summary>The built measuring job, or null when it does not build.</summary>
    private readonly string? _job;

    /// <summary>The measuring job's project folder (a metal isle runs it published, not as a dll).</summary>
    private readonly string _project;

    /// <summary>The folder of the start-time job, examples/Hello.</summary>
    private readonly string _hello;

    /// <summary>
    /// Runs jobs from the checkout at <paramref name="root"/>; <paramref name="job"/> is the built measuring job's
    /// dll, or null when it does not build (then only the start time is measured).
    /// </summary>
    public HpcContender(string root, string? job)
    {
        _hermitRun = Path.Combine(root, "hermit-run");
        _job = job;
        _hello = Path.Combine(root, "examples", "Hello");
        _project = Path.Combine(root, "benchmarks", "Hpc.Benchmarks.Mpi");
    }

    /// <inheritdoc/>
    public SystemKind System => SystemKind.Hpc;

    /// <inheritdoc/>
    public string Name => "Hpc.Mpi";

    /// <inheritdoc/>
    public bool CanMeasure => _job is not null;

    /// <inheritdoc/>
    public ProcessCommand Measure(string measure, int ranks) =>
        new(_hermitRun, ["-n", ranks.ToString(CultureInfo.InvariantCulture),
            _job ?? throw new InvalidOperationException("the Hpc measuring job did not build"), measure]);

    /// <summary>Message sizes measured between metal isles: the two the targets are stated for (TCG is slow).</summary>
    public const string MetalSizes = "8,4194304";

    /// <summary>
    /// The command running <paramref name="measure"/> (latency or bandwidth) between two metal isles, one rank and one
    /// vCPU each: the same measuring job, published with ILCompiler by hermit-run, for the sizes in <see cref="MetalSizes"/>.
    /// </summary>
    public ProcessCommand MeasureOnMetal(string measure) =>
        new(_hermitRun, ["--target", "qemu", "-n", "2", "--cores-per-isle", "1", "-x", $"HPC_BENCH_SIZES={MetalSizes}", _project, measure]);

    /// <inheritdoc/>
    // The command as a user types it: the wrapper's up-to-date checks (tens of ms) are part of what they wait for.
    public ProcessCommand Start(int ranks) =>
        new(_hermitRun, ["-n", ranks.ToString(CultureInfo.InvariantCulture), _hello]);
}
