using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Tests.Cluster;

/// <summary>Tests of <see cref="AllowedRoot.Parse"/>.</summary>
[TestFixture]
public sealed class AllowedRootTests
{
    /// <summary>Paths become absolute and normalized without a trailing slash; ":rw" makes them writable.</summary>
    [TestCase("data", "/work/job/data", false)]
    [TestCase("data:rw", "/work/job/data", true)]
    [TestCase("data:ro", "/work/job/data", false)]
    [TestCase("/scratch/:rw", "/scratch", true)]
    [TestCase("../shared/./x/", "/work/shared/x", false)]
    [TestCase(".", "/work/job", false)]
    [TestCase("/", "/", false)]
    [TestCase("//a//b/", "/a/b", false)]
    [TestCase("/data:x", "/data:x", false)]
    public void Parse_Path_GivesAbsoluteNormalizedRoot(string text, string path, bool writable)
    {
        Assert.That(AllowedRoot.Parse(text, "/work/job"), Is.EqualTo(new AllowedRoot(path, writable)));
    }

    /// <summary>A leading ~ is the home directory.</summary>
    [Test]
    public void Parse_Tilde_IsHome()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        Assume.That(home, Is.Not.Null.And.Not.Empty);
        Assert.That(AllowedRoot.Parse("~/data:rw", "/work/job"), Is.EqualTo(new AllowedRoot(Path.Combine(home!, "data"), true)));
    }

    /// <summary>Texts that name no path are refused.</summary>
    [TestCase("")]
    [TestCase(":rw")]
    [TestCase("  :ro")]
    public void Parse_NoPath_ThrowsFormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => AllowedRoot.Parse(text, "/work/job"));
        Assert.That(e!.Message, Does.Contain("names no path"));
    }

    /// <summary>An existing directory is accepted with its mode.</summary>
    [TestCase("/tmp", "/tmp", false)]
    [TestCase("/tmp/:rw", "/tmp", true)]
    [TestCase("/:ro", "/", false)]
    public void ParseExisting_Directory_Accepted(string text, string path, bool writable)
    {
        Assert.That(AllowedRoot.ParseExisting(text, "/work/job"), Is.EqualTo(new AllowedRoot(path, writable)));
    }

    /// <summary>A root that would be skipped at run time, or a mistyped mode, is refused with the reason.</summary>
    [TestCase("/nonexistent", "'/nonexistent': no such directory")]
    [TestCase("/nonexistent:rw", "'/nonexistent:rw' (/nonexistent): no such directory")]
    [TestCase("missing", "'missing' (/work/job/missing): no such directory")]
    [TestCase("/tmp:xx", "'/tmp:xx' has an unknown mode ':xx' (write PATH:rw for read-write, PATH or PATH:ro for read-only)")]
    [TestCase("/tmp:RW", "'/tmp:RW' has an unknown mode ':RW' (write PATH:rw for read-write, PATH or PATH:ro for read-only)")]
    [TestCase("/etc/hostname", "'/etc/hostname' is a file; a root must be a directory")]
    public void ParseExisting_NotADirectory_Throws(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => AllowedRoot.ParseExisting(text, "/work/job", path => path != "/work/job/missing" && Directory.Exists(path)));

        Assert.That(e!.Message, Is.EqualTo(message));
    }

    /// <summary>A directory whose name ends in ":xx" is a directory, not a mistyped mode.</summary>
    [Test]
    public void ParseExisting_ColonInExistingDirectoryName_Accepted()
    {
        var directory = Directory.CreateTempSubdirectory("hpc-root-").FullName + ":xx";
        Directory.CreateDirectory(directory);

        Assert.That(AllowedRoot.ParseExisting(directory, "/").Path, Is.EqualTo(directory));
    }

    /// <summary>ToString gives back the PATH[:rw] form.</summary>
    [Test]
    public void ToString_Writable_EndsWithRw()
    {
        Assert.That(new AllowedRoot("/a", true).ToString(), Is.EqualTo("/a:rw"));
        Assert.That(new AllowedRoot("/a", false).ToString(), Is.EqualTo("/a"));
    }
}
