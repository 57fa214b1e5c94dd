using Hpc.Noise;
using Hpc.NoiseStudies.Statistics;

namespace Hpc.NoiseStudies.Tests.Statistics;

/// <summary>Figures of synthetic series whose answers are known by hand.</summary>
[TestFixture]
internal sealed class NoiseStatisticsTests
{
    /// <summary>998 undisturbed quanta of 100 µs, one 5 µs late and one 200 µs late.</summary>
    private static double[] FwqSeries()
    {
        double[] series = Enumerable.Repeat(100_000.0, 1000).ToArray();
        series[10] = 105_000;
        series[500] = 300_000;
        return series;
    }

    [Test]
    public void Fwq_TwoDetours_CountsEachAboveItsThresholds()
    {
        CoreStatistics s = NoiseStatistics.Fwq(FwqSeries());

        Assert.That(s.Samples, Is.EqualTo(1000));
        Assert.That(s.Min, Is.EqualTo(100_000));
        Assert.That(s.Median, Is.EqualTo(100_000));
        Assert.That(s.Max, Is.EqualTo(300_000));
        Assert.That(s.Over1Us, Is.EqualTo(2));
        Assert.That(s.Over10Us, Is.EqualTo(1));
        Assert.That(s.Over100Us, Is.EqualTo(1));
    }

    [Test]
    public void Fwq_TwoDetours_NoiseIsLostTimeOverTotalTime()
    {
        CoreStatistics s = NoiseStatistics.Fwq(FwqSeries());

        double lost = 5_000 + 200_000;
        Assert.That(s.DetourNanoseconds, Is.EqualTo(lost));
        Assert.That(s.NoisePercent, Is.EqualTo(100 * lost / ((1000 * 100_000.0) + lost)).Within(1e-12));
    }

    [Test]
    public void Fwq_TopThousandth_P999IsTheSecondLargest()
    {
        // Nearest rank: p99.9 of 1,000 samples is the 999th smallest, p99 the 990th.
        CoreStatistics s = NoiseStatistics.Fwq(FwqSeries());

        Assert.That(s.P999, Is.EqualTo(105_000));
        Assert.That(s.P99, Is.EqualTo(100_000));
    }

    [Test]
    public void Median_EvenCount_MeanOfTheMiddleTwo()
    {
        Assert.That(Quantiles.Median([1.0, 2, 3, 10]), Is.EqualTo(2.5));
        Assert.That(Quantiles.Median([1.0, 2, 3]), Is.EqualTo(2));
    }

    [Test]
    public void NearestRank_OneToHundred_IsTheRankItself()
    {
        double[] sorted = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Assert.That(Quantiles.NearestRank(sorted, 0.99), Is.EqualTo(99));
        Assert.That(Quantiles.NearestRank(sorted, 0.5), Is.EqualTo(50));
        Assert.That(Quantiles.NearestRank(sorted, 0.999), Is.EqualTo(100));
        Assert.That(Quantiles.NearestRank(sorted, 0.001), Is.EqualTo(1));
    }

    [Test]
    public void Ftq_OneHalfEmptyInterval_LosesHalfAnInterval()
    {
        double[] work = [400, 400, 200, 400, 0];

        CoreStatistics s = NoiseStatistics.Ftq(work, 100_000);

        Assert.That(NoiseStatistics.FtqLost(work, 100_000), Is.EqualTo(new[] { 0.0, 0, 50_000, 0, 100_000 }));
        Assert.That(s.DetourNanoseconds, Is.EqualTo(150_000));
        Assert.That(s.NoisePercent, Is.EqualTo(30).Within(1e-12));
        Assert.That(s.Over10Us, Is.EqualTo(2));
        Assert.That(s.Over100Us, Is.EqualTo(0)); // exactly 100 µs is not above it
    }

    [Test]
    public void Detours_SelfishList_NoiseIsSumOverMeasuredTime()
    {
        CoreStatistics s = NoiseStatistics.Detours([600.0, 2_000, 50_000], 1_000_000);

        Assert.That(s.Samples, Is.EqualTo(3));
        Assert.That(s.NoisePercent, Is.EqualTo(5.26).Within(1e-9));
        Assert.That((s.Over1Us, s.Over10Us, s.Over100Us), Is.EqualTo((2L, 1L, 0L)));
        Assert.That(s.Median, Is.EqualTo(2_000));
    }

    [Test]
    public void Detours_None_AllZero()
    {
        CoreStatistics s = NoiseStatistics.Detours([], 1_000);

        Assert.That(s.Samples, Is.Zero);
        Assert.That(s.NoisePercent, Is.Zero);
    }

    [Test]
    public void Hourglass_Buckets_QuantilesAreBucketLowerBounds()
    {
        (double, long)[] buckets = [(8, 990), (16, 9), (2048, 1)];

        CoreStatistics s = NoiseStatistics.Hourglass(buckets, 1_000_000);

        Assert.That(s.Samples, Is.EqualTo(1000));
        Assert.That(s.Median, Is.EqualTo(8));
        Assert.That(s.P99, Is.EqualTo(8));
        Assert.That(s.P999, Is.EqualTo(16));
        Assert.That(s.Max, Is.EqualTo(2048));
        Assert.That(s.Over1Us, Is.EqualTo(1));
        Assert.That(s.DetourNanoseconds, Is.EqualTo(2048 * 1.5));
    }

    [Test]
    public void DetourList_Fwq_KeepsSamplesAboveTheMinimumWithTheirSpans()
    {
        double[] starts = [0, 100_000, 200_000, 400_000];
        double[] values = [100_000, 100_500, 200_000, 100_000];

        IReadOnlyList<Detour> detours = NoiseStatistics.DetourList(NoiseMethod.Fwq, starts, values, 100_000, 1_000);

        Assert.That(detours, Has.Count.EqualTo(1));
        Assert.That(detours[0], Is.EqualTo(new Detour(200_000, 200_000, 100_000)));
        Assert.That(detours[0].Overlaps(390_000, 395_000), Is.True);
        Assert.That(detours[0].Overlaps(400_001, 500_000), Is.False);
    }

    [Test]
    public void LogHistogram_Values_FallInTheirDecadeTenths()
    {
        IReadOnlyList<(double FromNs, long Count)> bins = LogHistogram.Of([1_000.0, 1_100, 1_300, 10_000, 0.5]);

        Assert.That(bins.Select(b => b.Count), Is.EqualTo(new long[] { 1, 2, 1, 1 }));
        Assert.That(bins[1].FromNs, Is.EqualTo(1_000).Within(1e-6));
        Assert.That(bins[2].FromNs, Is.EqualTo(Math.Pow(10, 3.1)).Within(1e-6));
        Assert.That(bins[3].FromNs, Is.EqualTo(10_000).Within(1e-6));
    }
}
