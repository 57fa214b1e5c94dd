using System.Globalization;

namespace Hpc.Metal.Tests;

/// <summary>Parts of the supported C# subset, run in the self-test image and checked against .NET on the host.</summary>
[TestFixture]
public sealed class SubsetTests
{
    /// <summary>The values the self-test formats (the same literals as SelfTestJob.FormatValues).</summary>
    private static readonly double[] s_formatValues =
        [3.14159265358979, 1.0 / 3, 2.5, 3.5, -0.5, 0.125, 2.675, 1.005, -1.005, 1e15 / 7, 123456.789, 1e-20, 0.0, 4503599627370497.0, 9.995];

    /// <summary>double.ToString("F0".."F15") in the metal core library prints the digits .NET prints.</summary>
    [Test]
    public void FixedPointFormat_TiesTinyLargeNegative_SameDigitsAsDotNet()
    {
        string expected = "format" + string.Concat(s_formatValues.Select(v =>
            string.Concat(new[] { "F0", "F2", "F6", "F12", "F15" }.Select(f => " " + v.ToString(f, CultureInfo.InvariantCulture)))));
        (int status, string serial) = Qemu.Boot("format", vcpus: 1);
        Assert.Multiple(() =>
        {
            Assert.That(serial.Split('\n'), Does.Contain(expected), serial);
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(0), serial);
        });
    }

    /// <summary>Static constructors on every cpu at once, try/finally, virtual calls, strings and spans.</summary>
    [Test]
    public void Subset_CctorFinallyVirtualStrings_BehaveAsInDotNet()
    {
        string areas = (2.0 * 2.0 + Math.PI * 1 * 1).ToString("F6", CultureInfo.InvariantCulture);
        (int status, string serial) = Qemu.Boot("subset", vcpus: 4);
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Contain("cctor ok\n"));
            Assert.That(serial, Does.Contain("finally 11\n"));
            Assert.That(serial, Does.Contain($"areas {areas} -0 2 0.000\n"));
            Assert.That(serial, Does.Contain("strings isle 10 2 equal\n"));
            Assert.That(Qemu.JobStatus(status), Is.EqualTo(0), serial);
        });
    }
}
