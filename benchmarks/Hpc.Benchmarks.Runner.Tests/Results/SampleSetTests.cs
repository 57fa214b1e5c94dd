using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Tests.Results;

/// <summary>Medians over rounds and the keys of a measure.</summary>
[TestFixture]
internal sealed class SampleSetTests
{
    /// <summary>The median is taken per system, measure and key, over the rounds.</summary>
    [Test]
    public void Median_ThreeRounds_IsTheMiddleOfThatSystemOnly()
    {
        var set = new SampleSet();
        set.Add(new Sample(SystemKind.Mpich, "latency", 8, 1, 0.9, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "latency", 8, 2, 0.2, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "latency", 8, 3, 0.6, "µs"));
        set.Add(new Sample(SystemKind.Hpc, "latency", 8, 1, 5.0, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "latency", 16, 1, 7.0, "µs"));

        Assert.That(set.Median(SystemKind.Mpich, "latency", 8), Is.EqualTo(0.6));
        Assert.That(set.Median(SystemKind.Hpc, "bandwidth", 8), Is.Null);
    }

    /// <summary>Keys come from every system, once each, ascending.</summary>
    [Test]
    public void Keys_SeveralSystems_DistinctAscending()
    {
        var set = new SampleSet();
        set.Add(new Sample(SystemKind.Mpich, "latency", 64, 1, 1, "µs"));
        set.Add(new Sample(SystemKind.Hpc, "latency", 8, 1, 1, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "latency", 8, 1, 1, "µs"));
        set.Add(new Sample(SystemKind.Mpich, "barrier", 2, 1, 1, "µs"));

        Assert.That(set.Keys("latency"), Is.EqualTo(new long[] { 8, 64 }));
    }
}
