using Hpc.Benchmarks.Runner.Processes;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>The C floor: benchmarks/peers/cacheline_pingpong.c, a cache line bounced between cpus 0 and 1.</summary>
internal sealed class FloorProbe
{
    /// <summary>Placements whose one-way time is below this are "near" (≈ 35 ns here).</summary>
    public const double NearBelowNanoseconds = 100;

    /// <summary>
    /// Placements below this (and not near) are "far" (≈ 205 ns here); above it, other work was on the cpus and
    /// the figure is no placement at all.
    /// </summary>
    public const double FarBelowNanoseconds = 400;

    /// <summary>The built program.</summary>
    private readonly string _program;

    /// <summary>Runs the program built into <paramref name="buildDirectory"/>.</summary>
    public FloorProbe(string buildDirectory) => _program = Path.Combine(buildDirectory, "cacheline_pingpong");

    /// <summary>The command; it prints <c>floor NS</c>.</summary>
    public ProcessCommand Command => new(_program, ["0", "1"]);

    /// <summary>"near", "far", or "disturbed": the placement a floor figure shows.</summary>
    public static string Placement(double nanoseconds) =>
        nanoseconds < NearBelowNanoseconds ? "near" : nanoseconds < FarBelowNanoseconds ? "far" : "disturbed";
}
