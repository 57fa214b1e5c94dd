namespace Hpc.NoiseStudies.Results;

/// <summary>What a study ran, saved as study.json in its folder (for reports and <c>compare</c>).</summary>
/// <param name="Method">The method.</param>
/// <param name="Samples">Samples per core.</param>
/// <param name="QuantumMicroseconds">Quantum / interval, µs.</param>
/// <param name="AllocationBytes">Bytes per sample in the allocating configurations.</param>
/// <param name="Cpus">The cpus.</param>
/// <param name="Configurations">The configurations, in order.</param>
/// <param name="Rounds">Rounds.</param>
/// <param name="Started">When it started (UTC).</param>
/// <param name="Host">The machine: kernel, cpus, load before the study.</param>
internal sealed record StudyParameters(
    string Method, int Samples, double QuantumMicroseconds, int AllocationBytes, List<int> Cpus,
    List<string> Configurations, int Rounds, DateTime Started, string Host);
