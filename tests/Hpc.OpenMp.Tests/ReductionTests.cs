using System.Numerics;

namespace Hpc.OpenMp.Tests;

/// <summary>Reductions for several numeric types against serial results.</summary>
[TestFixture]
public sealed class ReductionTests
{
    /// <summary>ParallelFor, sum of longs: equals serial.</summary>
    [Test]
    public void ParallelFor_SumOfLongs_EqualsSerial()
    {
        foreach (Schedule schedule in new[] { Schedule.Static(), Schedule.Dynamic(13), Schedule.Guided(3) })
        {
            long result = Omp.ParallelFor(-500, 100_001, schedule, Reduction.Sum<long>(), (i, acc) => acc + ((long)i * i));
            long expected = 0;
            for (long i = -500; i < 100_001; i++)
            {
                expected += i * i;
            }

            Assert.That(result, Is.EqualTo(expected), schedule.ToString());
        }
    }

    /// <summary>ParallelFor, min max product and bitwise: equal serial.</summary>
    [Test]
    public void ParallelFor_MinMaxProductAndBitwise_EqualSerial()
    {
        int[] data = [.. Enumerable.Range(0, 10_007).Select(i => (int)((i * 2654435761L) % 100_003) - 50_000)];
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.Min<int>(), (i, acc) => Math.Min(acc, data[i])), Is.EqualTo(data.Min()));
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.Max<int>(), (i, acc) => Math.Max(acc, data[i])), Is.EqualTo(data.Max()));
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.BitwiseXor<int>(), (i, acc) => acc ^ data[i]), Is.EqualTo(data.Aggregate((a, b) => a ^ b)));
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.BitwiseOr<int>(), (i, acc) => acc | data[i]), Is.EqualTo(data.Aggregate((a, b) => a | b)));
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.BitwiseAnd<int>(), (i, acc) => acc & data[i]), Is.EqualTo(data.Aggregate((a, b) => a & b)));
        Assert.That(Omp.ParallelFor(1, 21, Reduction.Product<decimal>(), (i, acc) => acc * i), Is.EqualTo(Enumerable.Range(1, 20).Aggregate(1m, (a, b) => a * b)));
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.And(), (i, acc) => acc && data[i] < 60_000), Is.True);
        Assert.That(Omp.ParallelFor(0, data.Length, Reduction.Or(), (i, acc) => acc || data[i] == data[^1]), Is.True);
    }

    /// <summary>ParallelFor, user defined big integer product: equals serial.</summary>
    [Test]
    public void ParallelFor_UserDefinedBigIntegerProduct_EqualsSerial()
    {
        var product = Reduction.Create(BigInteger.One, static (a, b) => a * b);
        BigInteger result = Omp.ParallelFor(1, 301, Schedule.Dynamic(7), product, (i, acc) => acc * i);
        BigInteger expected = BigInteger.One;
        for (int i = 1; i <= 300; i++)
        {
            expected *= i;
        }

        Assert.That(result, Is.EqualTo(expected));
    }

    /// <summary>Parallel, with reduction: sums one per thread.</summary>
    [Test]
    public void Parallel_WithReduction_SumsOnePerThread()
    {
        int threads = Omp.Parallel(Reduction.Sum<int>(), () => 1);
        Assert.That(threads, Is.EqualTo(Omp.MaxThreads));
    }

    /// <summary>ForAndReduce, inside region: every thread gets the total.</summary>
    [Test]
    public void ForAndReduce_InsideRegion_EveryThreadGetsTheTotal()
    {
        int n = 12_345;
        int threads = Omp.MaxThreads;
        double[] seenFor = new double[threads];
        int[] seenReduce = new int[threads];
        Omp.Parallel(() =>
        {
            seenFor[Omp.ThreadNum] = Omp.For(0, n, Schedule.Guided(), Reduction.Sum<double>(), (i, acc) => acc + i);
            seenReduce[Omp.ThreadNum] = Omp.Reduce(Omp.ThreadNum + 1, Reduction.Sum<int>());
        });
        Assert.That(seenFor, Has.All.EqualTo((double)n * (n - 1) / 2));
        Assert.That(seenReduce, Has.All.EqualTo(threads * (threads + 1) / 2));
    }

    /// <summary>ParallelFor, default reduction: throws.</summary>
    [Test]
    public void ParallelFor_DefaultReduction_Throws()
    {
        Assert.That(() => Omp.ParallelFor(0, 10, default(Reduction<int>), (i, acc) => acc), Throws.ArgumentException);
    }
}
