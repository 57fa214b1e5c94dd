using Hpc.Noise;
using Hpc.NoiseStudies.Running;

namespace Hpc.NoiseStudies;

/// <summary>A study's parameters, from the command line.</summary>
internal sealed record StudyOptions
{
    /// <summary>The repository root (holds hermit-run and benchmarks/).</summary>
    public required string Root { get; init; }

    /// <summary>Where the study's folder is written.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The method.</summary>
    public NoiseMethod Method { get; init; } = NoiseMethod.Fwq;

    /// <summary>Samples per core (FWQ, FTQ).</summary>
    public int Samples { get; init; } = 20_000;

    /// <summary>FWQ quantum / FTQ interval, µs.</summary>
    public double QuantumMicroseconds { get; init; } = 100;

    /// <summary>Selfish threshold, µs.</summary>
    public double ThresholdMicroseconds { get; init; } = 0.5;

    /// <summary>Bytes each sample allocates in the allocating configurations.</summary>
    public int AllocationBytes { get; init; } = 1024;

    /// <summary>Unmeasured warm-up samples.</summary>
    public int WarmupSamples { get; init; } = 1000;

    /// <summary>The cpus measured (the isle ranks take the first of the node's cpus, as many).</summary>
    public required IReadOnlyList<int> Cpus { get; init; }

    /// <summary>The configurations, in the order each round runs them.</summary>
    public required IReadOnlyList<StudyConfiguration> Configurations { get; init; }

    /// <summary>Rounds: each round runs every configuration once, so slow drifts of the host hit all alike.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Collect GC and JIT events of the dotnet configurations through EventPipe, and trace the measured cpus (tracefs).</summary>
    public bool Attribute { get; init; } = true;

    /// <summary>Print the benchmark's ratios to the floor and its verdicts (benchmarks/run noise).</summary>
    public bool Benchmark { get; init; }

    /// <summary>The C floor's noise % above which the machine is busy and no verdict is printed.</summary>
    public double BusyFloorPercent { get; init; } = BenchmarkVerdicts.DefaultBusyFloorPercent;

    /// <summary>Collect a GC on purpose in the middle of the measurement (to check the attribution).</summary>
    public bool ForceGc { get; init; }

    /// <summary>The measured phase's length, ms (for time-outs and durations).</summary>
    public double MeasuredMilliseconds => Samples * QuantumMicroseconds / 1000;
}
