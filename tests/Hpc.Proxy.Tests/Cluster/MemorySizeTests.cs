using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="MemorySize"/>.</summary>
[TestFixture]
public sealed class MemorySizeTests
{
    /// <summary>Every documented unit is a power of 1024; case and a space before the unit do not matter.</summary>
    [TestCase("1024", 1024L)]
    [TestCase("7B", 7L)]
    [TestCase("2KiB", 2048L)]
    [TestCase("2K", 2048L)]
    [TestCase("2kb", 2048L)]
    [TestCase("3MiB", 3L << 20)]
    [TestCase("3 MB", 3L << 20)]
    [TestCase("16GiB", 16L << 30)]
    [TestCase("16g", 16L << 30)]
    [TestCase("1TiB", 1L << 40)]
    [TestCase("1T", 1L << 40)]
    public void TryParse_ValidSize_GivesBytes(string text, long bytes)
    {
        Assert.That(MemorySize.TryParse(text, out var parsed, out var error), Is.True, error);
        Assert.That(parsed, Is.EqualTo(bytes));
    }

    /// <summary>Sizes without a number, with an unknown unit, zero or too large are refused with a reason.</summary>
    [TestCase("", "not a size")]
    [TestCase("GiB", "not a size")]
    [TestCase("-1GiB", "not a size")]
    [TestCase("1.5GiB", "unknown unit '.5GiB'")]
    [TestCase("16 gigs", "unknown unit 'gigs'")]
    [TestCase("0", "zero")]
    [TestCase("0MiB", "zero")]
    [TestCase("99999999999TiB", "too large")]
    [TestCase("99999999999999999999", "too large")]
    public void TryParse_InvalidSize_GivesReason(string text, string reason)
    {
        Assert.That(MemorySize.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }
}
