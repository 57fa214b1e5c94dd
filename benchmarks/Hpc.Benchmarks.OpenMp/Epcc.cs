using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Hpc.Benchmarks.OpenMp;

/// <summary>
/// The EPCC method (J. M. Bull et al.): the overhead of a construct is the time per repetition of the construct
/// around a calibrated delay minus the time of the same delays run sequentially. Each test is timed
/// <see cref="OuterReps"/> times after a warm-up, its inner count calibrated so that one timing lasts about
/// <see cref="TestTimeMicroseconds"/>; the median is reported. Same constants as benchmarks/peers/epcc_omp.c.
/// </summary>
internal static class Epcc
{
    /// <summary>Timings per test.</summary>
    public const int OuterReps = 20;
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
    /// Median microseconds per inner repetition of <paramref name="test"/>, the inner count judged by the fastest of
    /// three timings (one preemption during calibration must not leave it too small).
    /// </summary>
    public static double Time(Action<int> test)
    {
        int innerReps = 1;
        test(innerReps);
        while (true)
        {
            double fastest = double.MaxValue;
            for (int t = 0; t < 3; t++)
            {
                long start = Stopwatch.GetTimestamp();
                test(innerReps);
                fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            if (fastest >= TestTimeMicroseconds || innerReps >= 1 << 26)
            {
                break;
            }

            innerReps *= 2;
        }

        double[] samples = new double[OuterReps];
        for (int k = 0; k < OuterReps; k++)
        {
            long start = Stopwatch.GetTimestamp();
            test(innerReps);
            samples[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / innerReps;
        }

        Array.Sort(samples);
        return (samples[(OuterReps - 1) / 2] + samples[OuterReps / 2]) / 2;
    }

    /// <summary>Prints one result line: <c>omp-MEASURE THREADS MICROSECONDS</c>.</summary>
    public static void Report(string measure, int threads, double testMicroseconds, double referenceMicroseconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"omp-{measure} {threads} {testMicroseconds - referenceMicroseconds:0.000000}"));

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
