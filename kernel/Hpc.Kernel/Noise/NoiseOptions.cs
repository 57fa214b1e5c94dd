namespace Hpc.Noise;

/// <summary>What one core measures.</summary>
public sealed record NoiseOptions
{
    /// <summary>The method.</summary>
    public NoiseMethod Method { get; init; } = NoiseMethod.Fwq;

    /// <summary>FWQ and FTQ: the number of samples (quanta or intervals).</summary>
    public int Samples { get; init; } = 20_000;

    /// <summary>FWQ: the work of one quantum, as the time it takes undisturbed; FTQ: the interval. Default 100 µs.</summary>
    public double QuantumMicroseconds { get; init; } = 100;

    /// <summary>Selfish and hourglass: how long the loop runs; default <see cref="Samples"/> × the quantum.</summary>
    public double? DurationMilliseconds { get; init; }

    /// <summary>Selfish: gaps longer than this are detours (default 0.5 µs).</summary>
    public double ThresholdMicroseconds { get; init; } = 0.5;

    /// <summary>Selfish: the most detours kept (the loop ends early when full).</summary>
    public int MaxDetours { get; init; } = 1_000_000;

    /// <summary>
    /// Bytes allocated on the managed heap in each sample (0: a pure loop). The allocation is inside the timed work,
    /// so a collection it triggers shows as a detour, as it would in a real job.
    /// </summary>
    public int AllocationBytes { get; init; }

    /// <summary>The loop's length in ms for the duration-bound methods.</summary>
    public double EffectiveDurationMilliseconds => DurationMilliseconds ?? (Samples * QuantumMicroseconds / 1000);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values no run can use.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Samples, 1, nameof(Samples));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuantumMicroseconds, 1, nameof(QuantumMicroseconds));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ThresholdMicroseconds, 0, nameof(ThresholdMicroseconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDetours, 1, nameof(MaxDetours));
        ArgumentOutOfRangeException.ThrowIfNegative(AllocationBytes, nameof(AllocationBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EffectiveDurationMilliseconds, 0, nameof(DurationMilliseconds));
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "not a noise method");
        }
    }
}
