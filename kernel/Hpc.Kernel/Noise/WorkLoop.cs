using System.Runtime.CompilerServices;

namespace Hpc.Noise;

/// <summary>
/// The work the loops time: a chain of dependent multiply-adds (a 64-bit LCG), which neither the JIT nor a C
/// compiler can shorten and which touches no memory. benchmarks/peers/noise_floor.c runs the same chain.
/// </summary>
public static class WorkLoop
{
    /// <summary>Sink for results, so the work is never dead code.</summary>
    private static ulong s_sink;

    /// <summary>Runs <paramref name="iterations"/> steps of the chain from <paramref name="seed"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Run(long iterations, ulong seed)
    {
        ulong x = seed;
        for (long i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        return x;
    }

    /// <summary>Keeps <paramref name="value"/> alive as an observable result.</summary>
    public static void Consume(ulong value) => s_sink ^= value;

    /// <summary>
    /// Iterations that take <paramref name="nanoseconds"/> when undisturbed: the fastest of several timed runs
    /// sets the rate, since disturbances only ever make a run slower.
    /// </summary>
    public static long IterationsFor(double nanoseconds, TscClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(nanoseconds, 0);
        const long probe = 200_000;
        long best = long.MaxValue;
        for (int i = 0; i < 30; i++)
        {
            long start = Tsc.Read();
            Consume(Run(probe, (ulong)i));
            best = Math.Min(best, Tsc.Read() - start);
        }

        double nanosecondsPerIteration = clock.Nanoseconds(Math.Max(best, 1)) / probe;
        return Math.Max(1, (long)(nanoseconds / nanosecondsPerIteration));
    }
}
