using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="CpuSet"/>.</summary>
[TestFixture]
public sealed class CpuSetTests
{
    /// <summary>Valid cpulists give the expected cpus and print back in compact form.</summary>
    [TestCase("0-31", 32, "0-31")]
    [TestCase("0,2,4-7", 6, "0,2,4-7")]
    [TestCase(" 3 - 5 , 1 ", 4, "1,3-5")]
    [TestCase("7,6,5,4", 4, "4-7")]
    [TestCase("0-3,2-5", 6, "0-5")]
    [TestCase("8,0-3", 5, "0-3,8")]
    [TestCase("0-1\n", 2, "0-1")]
    [TestCase("5", 1, "5")]
    public void TryParse_ValidList_GivesCpusAndCompactText(string text, int count, string compact)
    {
        Assert.That(CpuSet.TryParse(text, out var set, out var error), Is.True, error);
        Assert.That(set!.Count, Is.EqualTo(count));
        Assert.That(set.ToString(), Is.EqualTo(compact));
        Assert.That(set.Cpus, Is.Ordered.Ascending.And.Unique);
    }

    /// <summary>Invalid cpulists are refused with a reason that says what is wrong.</summary>
    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("-1", "negative")]
    [TestCase("0,-3", "negative")]
    [TestCase("3--5", "negative")]
    [TestCase("5-3", "reversed (write 3-5)")]
    [TestCase("0,,2", "empty entry")]
    [TestCase("0,", "empty entry")]
    [TestCase("abc", "'abc' is not a cpu id")]
    [TestCase("1-x", "'1-x' is not a cpu id")]
    [TestCase("1 2", "'1 2' is not a cpu id")]
    [TestCase("+1", "'+1' is not a cpu id")]
    [TestCase("0-99999999999", "larger than")]
    public void TryParse_InvalidList_ReturnsFalseWithReason(string text, string reason)
    {
        Assert.That(CpuSet.TryParse(text, out var set, out var error), Is.False);
        Assert.That(set, Is.Null);
        Assert.That(error, Does.Contain(reason));
    }

    /// <summary>Parse throws a FormatException naming the input.</summary>
    [Test]
    public void Parse_Invalid_ThrowsFormatExceptionNamingInput()
    {
        var e = Assert.Throws<FormatException>(() => CpuSet.Parse("9-2"));
        Assert.That(e!.Message, Does.Contain("\"9-2\"").And.Contain("reversed"));
    }

    /// <summary>Contains answers for members and non-members.</summary>
    [Test]
    public void Contains_MembersAndOthers_AnswersCorrectly()
    {
        var set = CpuSet.Parse("0,2,4-7");
        Assert.That(new[] { 0, 2, 4, 5, 6, 7 }.All(set.Contains), Is.True);
        Assert.That(new[] { 1, 3, 8, -1 }.Any(set.Contains), Is.False);
    }

    /// <summary>Overlap, Except, Union and Slice compute the expected sets.</summary>
    [Test]
    public void SetOperations_TwoSets_GiveExpectedCpus()
    {
        var a = CpuSet.Parse("0-7");
        var b = CpuSet.Parse("4-11");
        Assert.That(a.Overlap(b).ToString(), Is.EqualTo("4-7"));
        Assert.That(a.Except(b).ToString(), Is.EqualTo("0-3"));
        Assert.That(a.Union(b).ToString(), Is.EqualTo("0-11"));
        Assert.That(a.Overlap(CpuSet.Parse("8-9")).IsEmpty, Is.True);
        Assert.That(CpuSet.Parse("0,2,4,6").Slice(1, 2).ToString(), Is.EqualTo("2,4"));
    }

    /// <summary>Sets with the same cpus are equal whatever text they came from.</summary>
    [Test]
    public void Equals_SameCpusDifferentText_AreEqual()
    {
        Assert.That(CpuSet.Parse("3,0-2"), Is.EqualTo(CpuSet.Parse("0-3")));
        Assert.That(CpuSet.Parse("3,0-2").GetHashCode(), Is.EqualTo(CpuSet.Parse("0-3").GetHashCode()));
        Assert.That(CpuSet.Parse("0-3"), Is.Not.EqualTo(CpuSet.Parse("0-4")));
        Assert.That(CpuSet.Of([2, 1, 2]).ToString(), Is.EqualTo("1-2"));
    }

    /// <summary>The empty set prints as an empty string and has no cpus.</summary>
    [Test]
    public void Empty_HasNoCpus()
    {
        Assert.That(CpuSet.Empty.Count, Is.Zero);
        Assert.That(CpuSet.Empty.ToString(), Is.Empty);
    }
}
