namespace Hpc.NoiseStudies.Running;

/// <summary>What runs the probe.</summary>
internal enum SystemKind
{
    /// <summary>The C loop (benchmarks/peers/noise_floor.c): the floor.</summary>
    C,
    /// <summary>A default <c>dotnet</c> process running examples/Noise, one pinned thread per cpu.</summary>
    Dotnet,
    /// <summary>examples/Noise under hermit-run, one rank per cpu.</summary>
    Isle,
}
