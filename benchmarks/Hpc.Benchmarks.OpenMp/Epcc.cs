using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Hpc.Benchmarks.OpenMp;

/// <summary>
/// The EPCC method (J. M. Bull et al., v3.1): the overhead of a construct is the time per repetition of the construct
/// around a calibrated delay minus the time of the same delays run sequentially. The inner count is calibrated on the
/// test so that one timing lasts about <see cref="TestTimeMicroseconds"/>; reference and test are then timed in pairs
/// with that same count, in batches of <see cref="OuterReps"/> until the confidence interval of the median difference
/// is narrow (<see cref="MaxPairs"/> at most), and the median with its interval is reported (see
/// <see cref="Overhead"/>). Same method and constants as benchmarks/peers/epcc_omp.c.
/// </summary>
internal static class Epcc
{
    /// <summary>Pairs of timings added at a time.</summary>
    public const int OuterReps = 20;
    /// <summary>Pairs of timings per test at most.</summary>
    public const int MaxPairs = 100;
    /// <summary>The length of one timing.</summary>
    public const double TestTimeMicroseconds = 1000;
    /// <summary>The delay inside the synchronisation constructs.</summary>
    public const double DelayMicroseconds = 0.10;
    /// <summary>The delay of one iteration in the schedule tests.</summary>
    public const double ScheduleDelayMicroseconds = 1.0;
    /// <summary>Iterations per thread in the schedule tests.</summary>
    public const int ScheduleItersPerThread = 64;

    /// <summary>The delay length for <see cref="DelayMicroseconds"/>.</summary>
    public static int DelayLength { get; private set; }

    /// <summary>The delay length for <see cref="ScheduleDelayMicroseconds"/>.</summary>
    public static int ScheduleDelayLength { get; private set; }

    /// <summary>Calibrates both delay lengths.</summary>
    public static void Calibrate()
    {
        DelayLength = CalibrateDelay(DelayMicroseconds);
        ScheduleDelayLength = CalibrateDelay(ScheduleDelayMicroseconds);
    }

    /// <summary>EPCC's delay: a float sum the JIT can neither remove nor reduce to a closed form.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Delay(int length)
    {
        float a = 0;
        for (int i = 0; i < length; i++)
        {
            a += i;
        }

        if (a < 0)
        {
            Console.Write(a);
        }
    }

    /// <summary>
    /// The overhead of <paramref name="test"/> over <paramref name="reference"/> per inner repetition: pairs of
    /// timings with the same inner count until <see cref="Overhead.IsNarrow"/> or <see cref="MaxPairs"/>.
    /// </summary>
    public static Overhead Measure(Action<int> test, Action<int> reference)
    {
        int innerReps = InnerReps(test);
        reference(innerReps);
        double[] differences = new double[MaxPairs];
        int pairs = 0;
        Overhead overhead;
        do
        {
            for (int k = 0; k < OuterReps && pairs < MaxPairs; k++, pairs++)
            {
                double referenceTime = TimeOnce(reference, innerReps);
                differences[pairs] = TimeOnce(test, innerReps) - referenceTime;
            }

            overhead = Overhead.FromDifferences(differences.AsSpan(0, pairs));
        }
        while (!overhead.IsNarrow && pairs < MaxPairs);

        return overhead;
    }

    /// <summary>Measures and prints one result line: <c>omp-MEASURE THREADS OVERHEAD LOW HIGH</c> (µs).</summary>
    public static void Report(string measure, int threads, Action<int> test, Action<int> reference)
    {
        Overhead o = Measure(test, reference);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"omp-{measure} {threads} {o.Median:0.000000} {o.Low:0.000000} {o.High:0.000000}"));
    }

    /// <summary>
    /// The inner count for <paramref name="test"/>: one timing lasts <see cref="TestTimeMicroseconds"/>, judged by the
    /// fastest of three timings (one preemption during calibration must not leave it too small).
    /// </summary>
    private static int InnerReps(Action<int> test)
    {
        int innerReps = 1;
        test(innerReps);
        while (true)
        {
            double fastest = double.MaxValue;
            for (int t = 0; t < 3; t++)
            {
                fastest = Math.Min(fastest, TimeOnce(test, innerReps) * innerReps);
            }

            if (fastest >= TestTimeMicroseconds || innerReps >= 1 << 26)
            {
                return innerReps;
            }

            innerReps *= 2;
        }
    }

    /// <summary>Microseconds per inner repetition of one timing of <paramref name="test"/>.</summary>
    private static double TimeOnce(Action<int> test, int innerReps)
    {
        // Raw timestamps: a TimeSpan rounds to 100 ns, too coarse when a loaded machine leaves the inner count small.
        long start = Stopwatch.GetTimestamp();
        test(innerReps);
        return (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency / innerReps;
    }

    /// <summary>The reference: the delays alone.</summary>
    public static void ReferenceDelay(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            Delay(DelayLength);
        }
    }

    /// <summary>The reference of the schedule tests: one thread's iterations.</summary>
    public static void ReferenceSchedule(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            for (int i = 0; i < ScheduleItersPerThread; i++)
            {
                Delay(ScheduleDelayLength);
            }
        }
    }

    /// <summary>The delay length whose run takes <paramref name="microseconds"/>.</summary>
    private static int CalibrateDelay(double microseconds)
    {
        int length = 1000;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < 1000; r++)
            {
                Delay(length);
            }

            double per = Stopwatch.GetElapsedTime(start).TotalMicroseconds / 1000;
            if (per > 20 * microseconds || length > 1 << 28)
            {
                return Math.Max(1, (int)(length * microseconds / per));
            }

            length *= 2;
        }
    }
}
