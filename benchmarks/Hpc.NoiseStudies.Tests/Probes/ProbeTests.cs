using System.Diagnostics;
using Hpc.Noise;

namespace Hpc.NoiseStudies.Tests.Probes;

/// <summary>The TSC, its calibration and the four probes, run for real on this thread (no figure asserted).</summary>
[TestFixture]
internal sealed class ProbeTests
{
    /// <summary>Calibrated once for the fixture.</summary>
    private static readonly TscClock s_clock = TscClock.Calibrate(TimeSpan.FromMilliseconds(5));

    [Test]
    public void Read_Twice_NeverGoesBack()
    {
        long previous = Tsc.Read();
        for (int i = 0; i < 10_000; i++)
        {
            long now = Tsc.Read();
            Assert.That(now, Is.GreaterThanOrEqualTo(previous));
            previous = now;
        }
    }

    [Test]
    public void Calibrate_Reading_MapsBetweenMonotonicReadingsAroundIt()
    {
        long before = (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        long ticks = Tsc.Read();
        long after = (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

        long mapped = s_clock.MonotonicNanoseconds(ticks);

        // A rate off by 1 % would put a reading taken milliseconds after calibration far out of a 1 ms slack.
        Assert.That(s_clock.TicksPerNanosecond, Is.GreaterThan(0));
        Assert.That(mapped, Is.InRange(before - 1_000_000, after + 1_000_000));
    }

    [Test]
    public void Ticks_Nanoseconds_RoundTrip()
    {
        var clock = new TscClock(2.5, 1_000, 50, DateTime.UnixEpoch);

        Assert.That(clock.Nanoseconds(2_500), Is.EqualTo(1_000));
        Assert.That(clock.Ticks(1_000), Is.EqualTo(2_500));
        Assert.That(clock.MonotonicNanoseconds(3_500), Is.EqualTo(1_050));
    }

    [Test]
    public void IterationsFor_LongerWork_MoreIterations()
    {
        long short_ = WorkLoop.IterationsFor(10_000, s_clock);
        long long_ = WorkLoop.IterationsFor(1_000_000, s_clock);

        Assert.That(short_, Is.GreaterThan(0));
        Assert.That(long_, Is.GreaterThan(short_ * 10));
    }

    [Test]
    public void Run_Fwq_OneDurationPerSampleInOrder()
    {
        NoiseSeries series = NoiseProbe.Run(new NoiseOptions { Samples = 50, QuantumMicroseconds = 20, AllocationBytes = 1024 }, s_clock);

        Assert.That(series.Values, Has.Length.EqualTo(50));
        Assert.That(series.Values, Has.All.GreaterThan(0));
        Assert.That(series.Starts, Is.Ordered);
        Assert.That(series.Starts[0], Is.GreaterThanOrEqualTo(series.StartTicks));
        Assert.That(series.EndTicks, Is.GreaterThanOrEqualTo(series.Starts[^1] + series.Values[^1]));
    }

    [Test]
    public void Run_Ftq_IntervalsOnAFixedGrid()
    {
        NoiseSeries series = NoiseProbe.Run(new NoiseOptions { Method = NoiseMethod.Ftq, Samples = 40, QuantumMicroseconds = 50 }, s_clock);

        long interval = s_clock.Ticks(50_000);
        Assert.That(series.Values, Has.Length.EqualTo(40));
        Assert.That(series.Values.Sum(), Is.GreaterThan(0));
        for (int i = 0; i < series.Starts.Length; i++)
        {
            Assert.That(series.Starts[i], Is.EqualTo(series.StartTicks + (i * interval)));
        }
    }

    [Test]
    public void Run_Selfish_EveryGapAboveTheThreshold()
    {
        NoiseSeries series = NoiseProbe.Run(new NoiseOptions { Method = NoiseMethod.Selfish, DurationMilliseconds = 20, ThresholdMicroseconds = 0.2 }, s_clock);

        Assert.That(series.Values, Has.All.GreaterThan(s_clock.Ticks(200)));
        Assert.That(series.Starts, Is.Ordered);
    }

    [Test]
    public void Run_Hourglass_CountsEveryGap()
    {
        NoiseSeries series = NoiseProbe.Run(new NoiseOptions { Method = NoiseMethod.Hourglass, DurationMilliseconds = 10 }, s_clock);

        Assert.That(series.Histogram, Has.Length.EqualTo(64));
        Assert.That(series.Histogram.Sum(), Is.GreaterThan(100));
        Assert.That(series.Values, Is.Empty);
    }

    [Test]
    public void Validate_NoSamples_Throws()
    {
        Assert.That(() => NoiseProbe.Run(new NoiseOptions { Samples = 0 }, s_clock), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
