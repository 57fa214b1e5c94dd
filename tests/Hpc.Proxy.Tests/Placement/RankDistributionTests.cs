using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Tests.Placement;

/// <summary>Tests of <see cref="RankDistribution.Proportional"/>.</summary>
[TestFixture]
public sealed class RankDistributionTests
{
    /// <summary>Counts follow core counts, ties go to earlier isles, and no isle is left without a rank.</summary>
    [TestCase(8, new[] { 3, 1 }, new[] { 6, 2 })]
    [TestCase(5, new[] { 1, 1 }, new[] { 3, 2 })]
    [TestCase(7, new[] { 1, 1, 1 }, new[] { 3, 2, 2 })]
    [TestCase(101, new[] { 100, 1 }, new[] { 100, 1 })]
    [TestCase(3, new[] { 100, 1, 1 }, new[] { 1, 1, 1 })]
    [TestCase(4, new[] { 100, 1, 1 }, new[] { 2, 1, 1 })]
    [TestCase(64, new[] { 32 }, new[] { 64 })]
    public void Proportional_Cores_GivesCounts(int np, int[] cores, int[] expected)
    {
        Assert.That(RankDistribution.Proportional(np, cores), Is.EqualTo(expected));
    }
}
