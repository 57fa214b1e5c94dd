using Hpc.Proxy.Files;
using Hpc.Protocol;

namespace Hpc.Proxy.Tests.Files;

/// <summary>Lexical validation and normalization of job paths.</summary>
[TestFixture]
internal sealed class JobPathTests
{
    /// <summary>Lexical normalization of absolute and relative paths.</summary>
    [TestCase("a/b", "/w/a/b", false, false)]
    [TestCase("/a//b/./c/", "/a/b/c", true, false)]
    [TestCase("../../../../x", "/x", false, false)]
    [TestCase("a/..", "/w", true, true)]
    [TestCase(".", "/w", true, true)]
    [TestCase("/", "/", true, false)]
    [TestCase("/..", "/", true, true)]
    [TestCase("a/...", "/w/a/...", false, false)]
    public void Normalize_Path_GivesAbsoluteCleanPath(string path, string expected, bool mustBeDirectory, bool endsInDot)
    {
        Assert.That(JobPath.Normalize(path, "/w", out bool directory, out bool dot), Is.EqualTo(expected));
        Assert.That((directory, dot), Is.EqualTo((mustBeDirectory, endsInDot)));
    }

    /// <summary>Validation results for sample strings.</summary>
    [TestCase("ok", 0)]
    [TestCase("\ud83d\ude00", 0)]
    [TestCase("", -LinuxErrno.EINVAL)]
    [TestCase("a\0", -LinuxErrno.EINVAL)]
    public void Validate_String_GivesErrno(string path, int expected)
    {
        Assert.That(JobPath.Validate(path), Is.EqualTo(expected));
    }

    /// <summary>Lone surrogates have no UTF-8 form and are EINVAL.</summary>
    [Test]
    public void Validate_LoneSurrogates_AreEinval()
    {
        Assert.That(JobPath.Validate("\ude00\ud83d"), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(JobPath.Validate("a\ud83d"), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(JobPath.Validate("\udc00"), Is.EqualTo(-LinuxErrno.EINVAL));
    }

    /// <summary>The length limit counts UTF-8 bytes.</summary>
    [Test]
    public void Validate_Length_CountsUtf8BytesUpTo4095()
    {
        Assert.That(JobPath.Validate(new string('a', 4095)), Is.Zero);
        Assert.That(JobPath.Validate(new string('a', 4096)), Is.EqualTo(-LinuxErrno.ENAMETOOLONG));
        Assert.That(JobPath.Validate(new string('\u20ac', 1365)), Is.Zero, "1365 x 3 = 4095 bytes");
        Assert.That(JobPath.Validate(new string('\u20ac', 1366)), Is.EqualTo(-LinuxErrno.ENAMETOOLONG));
    }

    /// <summary>Root prefixes match whole components only.</summary>
    [TestCase("/a/b", "/a", true, "b")]
    [TestCase("/a", "/a", true, "")]
    [TestCase("/ab", "/a", false, "")]
    [TestCase("/a/b", "/", true, "a/b")]
    public void TryRelative_Prefix_SplitsOnlyAtSeparators(string full, string root, bool inside, string relative)
    {
        Assert.That(JobPath.TryRelative(full, root, out string actual), Is.EqualTo(inside));
        Assert.That(actual, Is.EqualTo(relative));
    }
}
