using Hpc.Quiet;

namespace Hpc.NoiseStudies.Tests.Probes;

/// <summary>The kernel's cpu list syntax, both ways.</summary>
[TestFixture]
internal sealed class CpuListTests
{
    [TestCase("0-3,8,10-11", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [TestCase(" 1 ", new[] { 1 })]
    [TestCase("2,0,2", new[] { 0, 2 })]
    public void Parse_List_AscendingDistinctCpus(string text, int[] expected)
    {
        Assert.That(CpuList.Parse(text), Is.EqualTo(expected));
    }

    [TestCase("3-1")]
    [TestCase("1-2-3")]
    [TestCase("x")]
    public void Parse_BadList_Throws(string text)
    {
        Assert.That(() => CpuList.Parse(text), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void Format_Cpus_CompactRanges()
    {
        Assert.That(CpuList.Format([11, 0, 1, 2, 3, 8, 10]), Is.EqualTo("0-3,8,10-11"));
        Assert.That(CpuList.Format([5]), Is.EqualTo("5"));
    }
}
